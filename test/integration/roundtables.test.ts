import { describe, expect, it } from 'vitest';
import type { RolledUpReport } from '../../shared/model/report.ts';
import type { ServerEventName, ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { newCommandId } from '../../shared/protocol/command-id.ts';
import { childCard, followOverview, overviewDelta, overviewPresence, type FollowedOverview } from '../../client/src/lib/overview-follower.ts';
import { ok, send, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { followRoom, type RoomFollower } from '../support/room-follower.ts';

/**
 * Day 2 of the ACSH 2023 conference: the master of ceremonies opens the two roundtables from the
 * Main Hall and follows both from her console while they run side by side in Halls A and B, then
 * calls everyone back. Real sockets, the demo agenda, one server.
 */

const PARENT = 'roundtables-day2';
const TABLES = ['roundtable-1', 'roundtable-2'] as const;
const BACK_IN_THE_MAIN_HALL = 'Back in the Main Hall';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => void, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(10);
    }
  }
}

/** The chair's overview as the console follows it: the snapshot from overview.follow, then every push with a child's roomId. */
class OverviewScreen {
  overview: FollowedOverview = { children: [] };
  readonly gaps: string[] = [];

  constructor(readonly socket: ClientSocket) {
    this.on('room.delta', (delta) => {
      const { overview, outcome } = overviewDelta(this.overview, delta);
      if (outcome === 'gap') this.gaps.push(`${delta.roomId}@${delta.revision}`);
      this.overview = overview;
    });
    this.on('presence.counts', (counts) => (this.overview = overviewPresence(this.overview, counts)));
  }

  async follow(): Promise<void> {
    this.overview = followOverview(await ok(this.socket, 'overview.follow', {}));
  }

  card(roomId: string) {
    const room = this.overview.children.find((child) => child.state.roomId === roomId);
    if (!room) throw new Error(`${roomId} is not in the overview`);
    return childCard(room);
  }

  private on<N extends ServerEventName>(name: N, handle: (payload: ServerEventPayload<N>) => void): void {
    (this.socket.on as (event: string, listener: (payload: ServerEventPayload<N>) => void) => void)(name, handle);
  }
}

type Table = { roomId: string; moderator: RoomFollower; stage: RoomFollower };

async function seatTable(plenary: TestServer, roomId: string): Promise<Table> {
  const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', roomId), name: `Moderator of ${roomId}`, attendance: 'hall' });
  const moderator = await followRoom(chair.socket, roomId);
  await ok(chair.socket, 'room.open', {});
  const display = await plenary.person({ invite: await plenary.inviteFor('display', roomId), name: 'Stage display', attendance: 'hall' });
  return { roomId, moderator, stage: await followRoom(display.socket, roomId) };
}

async function theMasterOfCeremonies(plenary: TestServer): Promise<OverviewScreen> {
  const { socket } = await plenary.person({ invite: await plenary.inviteFor('moderator', PARENT), name: 'Madina Zhaksylykova', attendance: 'hall' });
  await ok(socket, 'room.join', { roomId: PARENT });
  return new OverviewScreen(socket);
}

describe('the two roundtables of day 2 under the master of ceremonies', () => {
  it('are followed live from the parent, share one countdown and one message, and roll up into its report', async () => {
    const plenary = await startPlenary();
    const tables = await Promise.all(TABLES.map((roomId) => seatTable(plenary, roomId)));
    const [table1, table2] = tables as [Table, Table];
    const chair = await theMasterOfCeremonies(plenary);
    await chair.follow();
    expect(chair.overview.children.map((child) => child.room.id)).toEqual([...TABLES]);
    expect(chair.card('roundtable-1')).toMatchObject({ open: true, speaker: null, waiting: 0 });

    // A delegate in Hall B asks for the floor and is called: the Main Hall console sees it.
    const delegate = await plenary.person({ invite: await plenary.inviteFor('participant', null), name: 'Zeynep Arikan', country: 'Turkey', attendance: 'hall' });
    await followRoom(delegate.socket, 'roundtable-1');
    await ok(delegate.socket, 'floor.request', { kind: 'contribution' });
    await eventually(() => expect(chair.card('roundtable-1').waiting).toBe(1));
    await ok(table1.moderator.socket, 'floor.call', {});
    await eventually(() => expect(chair.card('roundtable-1')).toMatchObject({ speaker: { name: 'Zeynep Arikan', country: 'Turkey' }, waiting: 0 }));
    expect(chair.card('roundtable-1').turnTimer.runningSinceMs).not.toBeNull();
    expect(chair.card('roundtable-2').speaker).toBeNull();

    // Someone walks into Hall A: its count of people present goes up on the overview.
    const before = chair.card('roundtable-2').present;
    const listener = await plenary.person({ code: 'ACSH23', name: 'Listener in Hall A', attendance: 'hall' });
    await followRoom(listener.socket, 'roundtable-2');
    await eventually(() => expect(chair.card('roundtable-2').present).toBe(before + 1));

    // The common countdown: one command, a named timer started in both rooms at one server instant.
    const countdown = { label: BACK_IN_THE_MAIN_HALL, seconds: 300, commandId: newCommandId() };
    const started = await ok(chair.socket, 'overview.countdown', countdown);
    expect(started.rooms.map((room) => room.roomId)).toEqual([...TABLES]);
    for (const table of tables) {
      await table.stage.reach(started.rooms.find((room) => room.roomId === table.roomId)?.revision ?? Infinity);
      const timers = table.stage.state.timers.named.filter((named) => named.label === BACK_IN_THE_MAIN_HALL);
      expect(timers, table.roomId).toHaveLength(1);
      expect(timers[0]?.timer).toMatchObject({ durationMs: 300_000, runningSinceMs: started.startedAtMs });
    }
    await eventually(() => expect(chair.card('roundtable-2').countdown).toMatchObject({ label: BACK_IN_THE_MAIN_HALL, timer: { runningSinceMs: started.startedAtMs } }));
    // Its acknowledgement lost, the console sends it again: the same answer, nothing doubled.
    expect(await ok(chair.socket, 'overview.countdown', countdown)).toEqual(started);
    for (const table of tables) {
      const state = (await ok(table.moderator.socket, 'room.snapshot', {})).state;
      expect(state.timers.named.filter((named) => named.label === BACK_IN_THE_MAIN_HALL), table.roomId).toHaveLength(1);
    }

    // One message to both tables: on each moderator's console and each stage display.
    const message = { text: 'Please wrap up: report-back in the Main Hall at 17:30', commandId: newCommandId() };
    const sent = await ok(chair.socket, 'overview.message', message);
    for (const table of tables) {
      const revision = sent.rooms.find((room) => room.roomId === table.roomId)?.revision ?? Infinity;
      await Promise.all([table.moderator.reach(revision), table.stage.reach(revision)]);
      for (const screen of [table.moderator, table.stage]) expect(screen.state.messages.map((m) => m.text), table.roomId).toEqual([message.text]);
    }
    expect(await ok(chair.socket, 'overview.message', message)).toEqual(sent);
    for (const table of tables) expect((await ok(table.moderator.socket, 'room.snapshot', {})).state.messages, table.roomId).toHaveLength(1);

    // The moderator of Hall B is a chair there, not over the sibling tables.
    const sibling = await plenary.person({ invite: await plenary.inviteFor('moderator', 'roundtable-1'), name: 'Moderator of roundtable-1', attendance: 'hall' });
    await ok(sibling.socket, 'room.join', { roomId: PARENT });
    for (const name of ['overview.follow', 'overview.countdown', 'overview.message'] as const) {
      const payload = name === 'overview.follow' ? {} : name === 'overview.countdown' ? { label: 'Mine', seconds: 60 } : { text: 'Mine' };
      expect(await send(sibling.socket, name, payload as never), name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    await ok(sibling.socket, 'room.join', { roomId: 'roundtable-1' });
    expect(await send(sibling.socket, 'overview.follow', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // The turn ends; the parent's report carries both tables and the totals.
    await ok(table1.moderator.socket, 'floor.endTurn', {});
    const report = (await (await plenary.admin(`/api/reports/acsh-2023/rooms/${PARENT}`)).json()) as RolledUpReport;
    expect(report.children.map((child) => child.roomId)).toEqual([...TABLES]);
    expect(report.totals).toMatchObject({ rooms: 3, turns: 1 });
    expect(report.totals.speakingTime.perPerson.map((p) => p.name)).toEqual(['Zeynep Arikan']);
    const csv = await (await plenary.admin(`/api/reports/acsh-2023/rooms/${PARENT}/speakers.csv`)).text();
    expect(csv).toContain('Roundtable 1: Cultural and civilizational aspects');
    expect(csv.split('\r\n')[0]).toBe('room,name,person_id,organisation,country,delegation,turns,spoken_s,allotted_s,extra_s,overtime_s');

    // Leaving the parent room stops the overview's pushes.
    await ok(chair.socket, 'room.leave', {});
    const frozen = chair.card('roundtable-1');
    await ok(table1.moderator.socket, 'floor.call', {}).catch(() => undefined);
    await ok(table1.moderator.socket, 'timer.create', { label: 'After the overview', seconds: 60 });
    await sleep(100);
    expect(chair.card('roundtable-1')).toEqual(frozen);
    expect(chair.gaps).toEqual([]);
  });
});
