import { describe, expect, it } from 'vitest';
import { ledgerTurns } from '../../shared/model/ledger.ts';
import type { ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { ok, send, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { followRoom, settled, type RoomFollower } from '../support/room-follower.ts';

const ROOM = 'panel-1';
const ASKER = 'Zarina Tokhtarova';

/** Everything a socket receives, as JSON: to show a name never reached it by any event. */
function wiretap(socket: ClientSocket): string[] {
  const received: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => received.push(`${event} ${JSON.stringify(args)}`));
  return received;
}

function invitations(socket: ClientSocket): Array<ServerEventPayload<'qa.invited'>> {
  const received: Array<ServerEventPayload<'qa.invited'>> = [];
  socket.on('qa.invited', (push) => received.push(push));
  return received;
}

/** Panel 1 with its chair, a second moderator, the stage display, a delegate, and two guests from the audience, one of them the asker. */
async function panel(plenary: TestServer) {
  const join = async (request: Parameters<TestServer['person']>[0]) => {
    const { socket, token } = await plenary.person(request);
    return { socket, token, tap: wiretap(socket), invited: invitations(socket) };
  };
  const chair = await join({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Aigerim Sadykova' });
  const others = {
    coChair: await join({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Daniyar Abenov' }),
    stage: await join({ invite: await plenary.inviteFor('display', ROOM), name: 'Stage display' }),
    delegate: await join({ invite: await plenary.inviteFor('participant', null), name: 'Nodira Karimova', country: 'Uzbekistan' }),
    guest: await join({ code: 'ACSH23', name: 'Guest in the hall' }),
  };
  const asker = await join({ code: 'ACSH23', name: ASKER, country: 'Kyrgyzstan' });
  // The asker's second device, signed in as them: the prompt reaches every device of theirs.
  const askerLaptop = invitations(await plenary.connect(asker.token));
  const followers: Record<string, RoomFollower> = {};
  for (const [name, who] of Object.entries({ chair, ...others, asker })) followers[name] = await followRoom(who.socket, ROOM);
  await ok(chair.socket, 'room.open', {});
  return { chair, others, asker, askerLaptop, followers };
}

describe("a question becomes a turn, over real sockets", () => {
  it("a question's asker (audience) is invited, accepts, is called, speaks; the turn ends and the question is answered", async () => {
    const plenary = await startPlenary();
    const { chair, others, asker, askerLaptop, followers } = await panel(plenary);
    const { question } = await ok(asker.socket, 'qa.ask', { text: 'How is the exam board kept independent of the ministry?' });

    const invited = await ok(chair.socket, 'qa.inviteAsker', { questionId: question.id });
    expect(invited.askerName).toBe(ASKER);
    await expect.poll(() => asker.invited).toEqual([{ roomId: ROOM, questionId: question.id, expiresAtMs: expect.any(Number) }]);
    await expect.poll(() => askerLaptop).toEqual(asker.invited);
    for (const who of [chair, ...Object.values(others)]) expect(who.invited).toEqual([]);
    expect(await send(chair.socket, 'qa.inviteAsker', { questionId: question.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    expect(await send(others.guest.socket, 'qa.acceptInvite', { questionId: question.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const { requestId } = await ok(asker.socket, 'qa.acceptInvite', { questionId: question.id });
    const called = await ok(chair.socket, 'floor.call', { requestId });
    await followers.asker!.reach(called.revision);
    expect(followers.asker!.state.floor.current).toMatchObject({ kind: 'question', questionId: question.id, speaker: { name: ASKER } });
    expect(followers.asker!.state.timers.turn.runningSinceMs).not.toBeNull();

    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const ended = await ok(chair.socket, 'floor.endTurn', {});
    await settled(Object.values(followers), 100);
    for (const follower of Object.values(followers)) {
      await follower.reach(ended.revision);
      expect(follower.state.questions.find((q) => q.id === question.id)).toMatchObject({ status: 'answered' });
      expect(follower.state.floor.finished.at(-1)).toMatchObject({ kind: 'question', questionId: question.id });
    }
    const [turn] = ledgerTurns(followers.chair!.state.floor.ledger, Date.now());
    expect(turn).toMatchObject({ kind: 'question', speaker: { name: ASKER } });
    expect(turn!.spokenMs).toBeGreaterThanOrEqual(1_000);
    expect(turn!.endedAtMs).not.toBeNull();
  });

  it("an anonymous asker is invited without their name reaching any socket but the chair's; declining leaves everything as it was", async () => {
    const plenary = await startPlenary();
    const { chair, others, asker, followers } = await panel(plenary);
    const { question } = await ok(asker.socket, 'qa.ask', { text: 'Are appeals heard by the same board?', anonymous: true });
    expect(question.authorName).toBeNull();

    const invited = await ok(chair.socket, 'qa.inviteAsker', { questionId: question.id });
    expect(invited.askerName).toBe(ASKER);
    await expect.poll(() => asker.invited.map((push) => push.questionId)).toEqual([question.id]);
    await settled(Object.values(followers), 150);
    for (const [name, who] of Object.entries(others)) {
      expect(who.invited, name).toEqual([]);
      expect(who.tap.filter((line) => line.includes('Zarina')), name).toEqual([]);
    }
    expect(chair.tap.filter((line) => line.includes('Zarina'))).toEqual([]);
    for (const follower of Object.values(followers)) expect(follower.state.floor.invitation).toMatchObject({ questionId: question.id });

    const before = followers.chair!.state;
    const declined = await ok(asker.socket, 'qa.declineInvite', { questionId: question.id });
    await followers.chair!.reach(declined.revision);
    expect(followers.chair!.state).toEqual({ ...before, revision: declined.revision, floor: { ...before.floor, invitation: null } });
    for (const who of Object.values(others)) expect(who.tap.filter((line) => line.includes('Zarina'))).toEqual([]);
  });

  it('refuses to invite the asker of a dismissed question, with a stable code, changing nothing', async () => {
    const plenary = await startPlenary();
    const { chair, asker, followers } = await panel(plenary);
    const { question } = await ok(asker.socket, 'qa.ask', { text: 'Is the exam the same in every region?' });
    const dismissed = await ok(chair.socket, 'qa.dismiss', { questionId: question.id });
    expect(await send(chair.socket, 'qa.inviteAsker', { questionId: question.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await settled(Object.values(followers), 100);
    expect(followers.chair!.revision).toBe(dismissed.revision);
    expect(asker.invited).toEqual([]);
  });
});
