import { describe, expect, it } from 'vitest';
import { mergeQuestionVotes, type ServerEventPayload } from '../../shared/protocol/server-events.ts';
import { ok, startPlenary, type ClientSocket } from '../support/plenary.ts';

type VotesPush = ServerEventPayload<'qa.votes'>;

/**
 * Every qa.votes a socket receives from now on, and a way to wait for one that matches. A push
 * may arrive before the acknowledgement that precedes the wait, so a wait also looks at pushes
 * received and not yet taken.
 */
function votesPushes(socket: ClientSocket) {
  const received: VotesPush[] = [];
  let taken = 0;
  const waiting: Array<{ match: (push: VotesPush) => boolean; resolve: (push: VotesPush) => void }> = [];
  socket.on('qa.votes', (push) => {
    received.push(push);
    const wait = waiting[0];
    if (wait?.match(push)) {
      waiting.shift();
      taken = received.length;
      wait.resolve(push);
    }
  });
  function next(match: (push: VotesPush) => boolean): Promise<VotesPush> {
    const index = received.findIndex((push, i) => i >= taken && match(push));
    if (index >= 0) {
      taken = index + 1;
      return Promise.resolve(received[index]!);
    }
    taken = received.length;
    return new Promise<VotesPush>((resolve) => waiting.push({ match, resolve }));
  }
  return { received, next };
}

describe('qa.votes: counts of the questions that changed, every count after a join during which one changed', () => {
  it('[QV1] a push carries only the questions upvoted since the last one; a follower merging them holds what a snapshot shows', async () => {
    const plenary = await startPlenary();
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Chair' });
    await ok(chair.socket, 'room.join', { roomId: 'panel-1' });
    await ok(chair.socket, 'room.open', {});
    const asker = await plenary.person({ code: 'ACSH23', name: 'Asker' });
    await ok(asker.socket, 'room.join', { roomId: 'panel-1' });
    const questions = [];
    for (const text of ['Who audits the audit?', 'How are exam questions kept secret?', 'What does a merit list weigh?']) {
      questions.push((await ok(asker.socket, 'qa.ask', { text })).question.id);
    }
    const [q1, q2, q3] = questions as [string, string, string];
    await ok(asker.socket, 'qa.upvote', { questionId: q3 });
    const voter = await plenary.person({ code: 'ACSH23', name: 'Voter' });
    await ok(voter.socket, 'room.join', { roomId: 'panel-1' });

    const listener = await plenary.person({ code: 'ACSH23', name: 'Listener' });
    const pushes = votesPushes(listener.socket);
    const joined = await ok(listener.socket, 'room.join', { roomId: 'panel-1' });
    // No count changed during the join, so the snapshot's counts are current and no complete push follows (test/transport/shared-snapshots.test.ts, SS2).
    expect(joined.votes).toEqual({ [q3]: 1 });

    await ok(voter.socket, 'qa.upvote', { questionId: q1 });
    await ok(asker.socket, 'qa.upvote', { questionId: q1 });
    const q1Push = await pushes.next((push) => !push.complete && push.votes[q1] === 2);
    expect(q1Push).toEqual({ roomId: 'panel-1', votes: { [q1]: 2 }, complete: false });

    await ok(voter.socket, 'qa.upvote', { questionId: q2 });
    await ok(asker.socket, 'qa.unvote', { questionId: q3 });
    await expect(pushes.next((push) => !push.complete && q3 in push.votes)).resolves.toMatchObject({ votes: { [q3]: 0 }, complete: false });
    // One push or two, as the two commands fell against the push rule's 20 ms quiet time: either
    // way they carry only the two questions that changed.
    const since = pushes.received.slice(pushes.received.indexOf(q1Push) + 1);
    expect(since.every((push) => !push.complete && Object.keys(push.votes).every((id) => id === q2 || id === q3))).toBe(true);
    expect(Object.assign({}, ...since.map((push) => push.votes))).toEqual({ [q2]: 1, [q3]: 0 });

    const held = pushes.received.reduce((votes, push) => mergeQuestionVotes(votes, push), joined.votes);
    expect(held).toEqual({ [q1]: 2, [q2]: 1 });
    expect(held).toEqual((await ok(voter.socket, 'room.snapshot', {})).votes);
  });
});

describe('qa.votes after a question is saved: only when a count people hold changed', () => {
  it('[QV3] asking, editing and answering push no count; a question back on the board brings its count back', async () => {
    const plenary = await startPlenary();
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', 'panel-1'), name: 'Chair' });
    await ok(chair.socket, 'room.join', { roomId: 'panel-1' });
    await ok(chair.socket, 'room.open', {});
    await ok(chair.socket, 'room.configure', { preModeration: false });
    const asker = await plenary.person({ code: 'ACSH23', name: 'Asker' });
    await ok(asker.socket, 'room.join', { roomId: 'panel-1' });
    const listener = await plenary.person({ code: 'ACSH23', name: 'Listener' });
    const pushes = votesPushes(listener.socket);
    const joined = await ok(listener.socket, 'room.join', { roomId: 'panel-1' });
    const chairPushes = votesPushes(chair.socket);

    const q1 = (await ok(asker.socket, 'qa.ask', { text: 'Who audits the audit?' })).question.id;
    const q2 = (await ok(asker.socket, 'qa.ask', { text: 'How are exam questions kept secret?' })).question.id;
    await ok(chair.socket, 'qa.edit', { questionId: q2, text: 'How are exam papers kept secret?' });
    await ok(chair.socket, 'qa.answer', { questionId: q2 });
    await ok(listener.socket, 'qa.upvote', { questionId: q1 });
    // Pushes go out in order, so any push of the asks, the edit or the answer came before this one or in it.
    await pushes.next((push) => push.votes[q1] === 1);
    await chairPushes.next((push) => push.votes[q1] === 1);
    for (const received of [pushes.received, chairPushes.received]) {
      expect(received.every((push) => !push.complete && Object.keys(push.votes).every((id) => id === q1))).toBe(true);
    }

    await ok(chair.socket, 'qa.dismiss', { questionId: q1 });
    await expect(pushes.next((push) => push.complete)).resolves.toMatchObject({ votes: {} });
    await ok(chair.socket, 'qa.restore', { questionId: q1 });
    await expect(pushes.next((push) => push.votes[q1] === 1)).resolves.toMatchObject({ complete: false });
    const held = pushes.received.reduce((votes, push) => mergeQuestionVotes(votes, push), joined.votes);
    expect(held).toEqual((await ok(listener.socket, 'room.snapshot', {})).votes);
  });
});

describe('mergeQuestionVotes', () => {
  it('[QV2] a complete push replaces, a partial one merges, and no count of zero is kept', () => {
    const held = { a: 3, b: 1 };
    expect(mergeQuestionVotes(held, { votes: { c: 2 }, complete: true })).toEqual({ c: 2 });
    expect(mergeQuestionVotes(held, { votes: { b: 0, c: 2 }, complete: false })).toEqual({ a: 3, c: 2 });
    expect(held).toEqual({ a: 3, b: 1 });
  });
});
