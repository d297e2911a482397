import { describe, expect, it } from 'vitest';
import type { CommandInput, CommandName } from '../../shared/protocol/commands.ts';
import { ok, send, sendUnchecked, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';

/*
 * Every command is safe to retry: the same commandId from the same person is answered with the
 * first outcome and changes nothing, whether the copies come one after the other, at once, or
 * on a new connection after the first acknowledgement was lost.
 */

const ROOM_ID = 'panel-1';

/** Sends a command with a commandId, as the web client does. */
function sendWithId<N extends CommandName>(socket: ClientSocket, name: N, payload: CommandInput<N>, commandId: string): Promise<unknown> {
  return sendUnchecked(socket, name, { ...payload, commandId });
}

async function openPanel(plenary: TestServer) {
  const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair Chen' });
  await ok(chair.socket, 'room.join', { roomId: ROOM_ID });
  await ok(chair.socket, 'room.open', {});
  const delegate = await plenary.person({ invite: await plenary.inviteFor('participant', null), name: 'Delegate Dana' });
  await ok(delegate.socket, 'room.join', { roomId: ROOM_ID });
  return { chair, delegate };
}

describe('a retried command applies once and answers its first outcome (SQLite, real sockets)', () => {
  it('[CR1] qa.ask sent twice with one id, one after the other: one question, the same answer twice', async () => {
    const plenary = await startPlenary();
    const { chair, delegate } = await openPanel(plenary);
    const first = await sendWithId(delegate.socket, 'qa.ask', { text: 'Who audits the auditors?' }, 'ask-0001-retry');
    const again = await sendWithId(delegate.socket, 'qa.ask', { text: 'Who audits the auditors?' }, 'ask-0001-retry');
    expect(first).toMatchObject({ ok: true });
    expect(again).toEqual(first);
    const { state } = await ok(chair.socket, 'room.snapshot', {});
    expect(state.questions.map((q) => q.text)).toEqual(['Who audits the auditors?']);
  });

  it('[CR2] qa.ask, floor.request and poll.create sent twice at once with one id: each applies once', async () => {
    const plenary = await startPlenary();
    const { chair, delegate } = await openPanel(plenary);
    const before = (await ok(chair.socket, 'room.snapshot', {})).state.revision;

    const asks = await Promise.all([1, 2].map(() => sendWithId(delegate.socket, 'qa.ask', { text: 'How are exams kept secret?' }, 'ask-0002-twice')));
    const requests = await Promise.all([1, 2].map(() => sendWithId(delegate.socket, 'floor.request', { kind: 'contribution' }, 'floor-0002-twice')));
    const poll = { question: 'Should merit lists be public?', spec: { kind: 'single', options: ['Yes', 'No'] } } as CommandInput<'poll.create'>;
    const polls = await Promise.all([1, 2].map(() => sendWithId(chair.socket, 'poll.create', poll, 'poll-0002-twice')));

    for (const pair of [asks, requests, polls]) {
      expect(pair[0]).toMatchObject({ ok: true });
      expect(pair[1]).toEqual(pair[0]);
    }
    const { state } = await ok(chair.socket, 'room.snapshot', {});
    expect(state.questions).toHaveLength(1);
    expect(state.floor.queue).toHaveLength(1);
    expect(state.polls).toHaveLength(1);
    expect(state.revision).toBe(before + 3);
  });

  it('[CR3] the acknowledgement is lost: the retry on a new connection answers the first outcome, applied once', async () => {
    const plenary = await startPlenary();
    const { chair, delegate } = await openPanel(plenary);
    const committed = new Promise<void>((resolve) => chair.socket.on('room.delta', (delta) => delta.events.some((e) => e.type === 'floor.requested') && resolve()));
    // The first answer is dropped: the screen closes as soon as the change is committed.
    sendWithId(delegate.socket, 'floor.request', { kind: 'reply' }, 'floor-0003-lost').catch(() => 'never answered');
    await committed;
    delegate.socket.disconnect();

    const phone = await plenary.connect(delegate.token);
    await ok(phone, 'room.join', { roomId: ROOM_ID });
    const retried = await sendWithId(phone, 'floor.request', { kind: 'reply' }, 'floor-0003-lost');
    const { state } = await ok(chair.socket, 'room.snapshot', {});
    expect(state.floor.queue).toHaveLength(1);
    expect(retried).toMatchObject({ ok: true, requestId: state.floor.queue[0]!.id });
  });

  it('[CR4] a refusal is not kept: the same id is decided again once the command fits', async () => {
    const plenary = await startPlenary();
    const chair = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM_ID), name: 'Chair Chen' });
    await ok(chair.socket, 'room.join', { roomId: ROOM_ID });
    const delegate = await plenary.person({ invite: await plenary.inviteFor('participant', null), name: 'Delegate Dana' });
    await ok(delegate.socket, 'room.join', { roomId: ROOM_ID });

    const closed = await sendWithId(delegate.socket, 'qa.ask', { text: 'Is the room open yet?' }, 'ask-0004-early');
    expect(closed).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await ok(chair.socket, 'room.open', {});
    expect(await sendWithId(delegate.socket, 'qa.ask', { text: 'Is the room open yet?' }, 'ask-0004-early')).toMatchObject({ ok: true });
  });

  it('[CR5] ids are per person: the same id from two people is two commands; a malformed id is invalid_input', async () => {
    const plenary = await startPlenary();
    const { chair, delegate } = await openPanel(plenary);
    const other = await plenary.person({ invite: await plenary.inviteFor('participant', null), name: 'Delegate Erlan' });
    await ok(other.socket, 'room.join', { roomId: ROOM_ID });
    await sendWithId(delegate.socket, 'floor.request', { kind: 'contribution' }, 'same-id-0005');
    await sendWithId(other.socket, 'floor.request', { kind: 'contribution' }, 'same-id-0005');
    expect((await ok(chair.socket, 'room.snapshot', {})).state.floor.queue).toHaveLength(2);

    for (const commandId of ['short', 'has spaces in it', 42, 'x'.repeat(65)]) {
      expect(await sendUnchecked(delegate.socket, 'qa.ask', { text: 'Valid question?', commandId })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });

  it('[CR6] an identical ballot sent again answers replaced: false; a changed one replaced: true', async () => {
    const plenary = await startPlenary();
    const { chair, delegate } = await openPanel(plenary);
    const { pollId } = await ok(chair.socket, 'poll.create', { question: 'Publish the merit list?', spec: { kind: 'single', options: ['Yes', 'No'] } });
    await ok(chair.socket, 'poll.open', { pollId });
    const { state } = await ok(chair.socket, 'room.snapshot', {});
    const poll = state.polls.find((p) => p.id === pollId)!;
    if (poll.spec.kind !== 'single') throw new Error('a single-choice poll was created');
    const [yes, no] = poll.spec.options.map((o) => o.id) as [string, string];

    expect(await send(delegate.socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: yes } })).toMatchObject({ ok: true, replaced: false });
    expect(await send(delegate.socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: yes } })).toMatchObject({ ok: true, replaced: false });
    expect(await send(delegate.socket, 'poll.vote', { pollId, ballot: { kind: 'single', optionId: no } })).toMatchObject({ ok: true, replaced: true });
  });

  it('[CR7] a retry of a committed question is answered when the questions limit is used up; a new question is refused', async () => {
    const plenary = await startPlenary();
    const { chair, delegate } = await openPanel(plenary);
    const asked = [];
    for (let i = 1; i <= 5; i++) asked.push(await sendWithId(delegate.socket, 'qa.ask', { text: `Question ${i} on merit pay?` }, `ask-0007-q${i}`));
    const retried = await sendWithId(delegate.socket, 'qa.ask', { text: 'Question 5 on merit pay?' }, 'ask-0007-q5');
    const sixth = await sendWithId(delegate.socket, 'qa.ask', { text: 'Question 6 on merit pay?' }, 'ask-0007-q6');
    expect(retried).toEqual(asked[4]);
    expect(sixth).toMatchObject({ ok: false, error: { code: 'rate_limited' } });
    const { state } = await ok(chair.socket, 'room.snapshot', {});
    expect(state.questions).toHaveLength(5);
  });
});
