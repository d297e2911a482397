import { describe, expect, it } from 'vitest';
import { AgendaRoomSchema, type AgendaRoom } from '../../shared/model/event.ts';
import type { RoomSnapshot } from '../../shared/protocol/snapshot.ts';
import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import { initialRoomState } from '../../server/domain/initial-state.ts';
import { childCard, followOverview, overviewDelta, overviewPresence, overviewResults } from '../../client/src/lib/overview-follower.ts';

const T0 = Date.parse('2023-05-18T16:05:00+06:00');
const NOBODY_BY_ROLE = { organiser: 0, moderator: 0, panellist: 0, participant: 0, audience: 0, display: 0 };

const counts = (roomId: string, total: number) => ({ roomId, total, byRole: { ...NOBODY_BY_ROLE, participant: total }, byAttendance: { hall: total, remote: 0 } });

const table = (id: string, title: string): AgendaRoom =>
  AgendaRoomSchema.parse({ id, title, kind: 'roundtable', startsAt: '2023-05-18T16:00:00+06:00', endsAt: '2023-05-18T17:30:00+06:00', parent: 'roundtables-day2' });

function snapshotOf(room: AgendaRoom): RoomSnapshot {
  return {
    eventId: 'acsh-2023',
    eventTitle: 'ACSH 2023',
    audienceCode: 'ACSH23',
    room,
    state: { ...initialRoomState(room), open: true },
    votes: {},
    myUpvotes: [],
    results: [],
    responses: {},
    myBallots: {},
    myQuestions: [],
    speakerMessages: [],
    presence: counts(room.id, 3),
    you: { personId: 'u_mc', name: 'Madina Zhaksylykova', role: 'moderator', organisation: null, country: 'Kazakhstan' },
    serverNowMs: T0,
  };
}

const hallB = table('roundtable-1', 'Roundtable 1');
const hallA = table('roundtable-2', 'Roundtable 2');
const zeynep = { personId: 'u_z', name: 'Zeynep Arikan', organisation: null, country: 'Turkey' };

const called: RoomDelta = {
  roomId: 'roundtable-1',
  revision: 1,
  atMs: T0,
  events: [{ type: 'floor.turnStarted', turn: { requestId: 'r1', speaker: zeynep, kind: 'contribution', allottedMs: 300_000, startedAtMs: T0 } }],
};

describe('the parent chair’s overview, followed from pushes', () => {
  const start = followOverview({ children: [snapshotOf(hallB), snapshotOf(hallA)] });

  it('starts from one snapshot per child, each card empty-handed', () => {
    expect(start.children.map(childCard).map((card) => [card.roomId, card.speaker, card.waiting, card.present, card.openPoll])).toEqual([
      ['roundtable-1', null, 0, 3, null],
      ['roundtable-2', null, 0, 3, null],
    ]);
  });

  it('applies a delta to the child it names, and only to it', () => {
    const { overview, outcome } = overviewDelta(start, called);
    expect(outcome).toBe('applied');
    expect(childCard(overview.children[0]!).speaker).toEqual({ name: 'Zeynep Arikan', country: 'Turkey' });
    expect(overview.children[1]).toBe(start.children[1]);
  });

  it('leaves the parent’s own deltas to the console, and reports a gap in a child', () => {
    expect(overviewDelta(start, { ...called, roomId: 'roundtables-day2' })).toEqual({ overview: start, outcome: 'stale' });
    expect(overviewDelta(start, { ...called, revision: 3 }).outcome).toBe('gap');
  });

  it('takes presence counts and poll results by roomId', () => {
    const withPoll = overviewDelta(start, {
      roomId: 'roundtable-2',
      revision: 1,
      atMs: T0,
      events: [{
        type: 'poll.saved',
        poll: {
          id: 'p1', question: 'A practicum in every MPA?', spec: { kind: 'single', options: [{ id: 'o1', label: 'Yes' }, { id: 'o2', label: 'No' }] },
          settings: { resultsVisibility: 'live', anonymous: false, allowChange: true, eligibleRoles: ['participant'] },
          status: 'open', revealed: false, createdAtMs: T0, openedAtMs: T0, closedAtMs: null, closesAtMs: null, revealOnClose: false,
        },
      }],
    }).overview;
    const counted = overviewResults(
      overviewPresence(withPoll, counts('roundtable-2', 12)),
      { roomId: 'roundtable-2', pollId: 'p1', kind: 'single', voters: 7, rows: [], mean: null, answers: [] },
    );
    expect(childCard(counted.children[1]!)).toMatchObject({ present: 12, openPoll: { question: 'A practicum in every MPA?', voters: 7 } });
    expect(overviewPresence(start, counts('elsewhere', 99))).toBe(start);
  });
});
