import { describe, expect, it } from 'vitest';
import { ok, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { followRoom, settled, type RoomFollower } from '../support/room-follower.ts';

const ROOM = 'panel-1';

/** Everything a socket receives, as JSON: to show a text never reached it by any event. */
function wiretap(socket: ClientSocket): string[] {
  const received: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => received.push(`${event} ${JSON.stringify(args)}`));
  return received;
}

async function screens(plenary: TestServer) {
  const chairPerson = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Aigerim Sadykova' });
  const stagePerson = await plenary.person({ invite: await plenary.inviteFor('display', ROOM), name: 'Projector, Hall A' });
  const audiencePerson = await plenary.person({ code: 'ACSH23', name: 'Guest in the hall' });
  const taps = { chair: wiretap(chairPerson.socket), stage: wiretap(stagePerson.socket), audience: wiretap(audiencePerson.socket) };
  const chair = await followRoom(chairPerson.socket, ROOM);
  const stage = await followRoom(stagePerson.socket, ROOM);
  const audience = await followRoom(audiencePerson.socket, ROOM);
  await ok(chair.socket, 'room.open', {});
  return { chair, stage, audience, taps };
}

async function voters(plenary: TestServer, count: number): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < count; i++) {
    const { socket } = await plenary.person({ code: 'ACSH23', name: `Delegate ${i + 1}` });
    await ok(socket, 'room.join', { roomId: ROOM });
    sockets.push(socket);
  }
  return sockets;
}

const everyone = (all: { chair: RoomFollower; stage: RoomFollower; audience: RoomFollower }) => [all.chair, all.stage, all.audience];

describe('the chair hides a word and an answer before the results reach the wall', () => {
  it('[MOD1] the audience and the stage never receive a hidden word or answer; the chair sees each marked hidden', async () => {
    const plenary = await startPlenary();
    const all = await screens(plenary);
    const { chair, stage, audience, taps } = all;
    const settings = { resultsVisibility: 'on_reveal' as const };
    const { pollId: cloudId } = await ok(chair.socket, 'poll.create', { question: 'One word for merit?', spec: { kind: 'word_cloud', maxWords: 2 }, settings });
    const { pollId: textId } = await ok(chair.socket, 'poll.create', { question: 'What would you change first?', spec: { kind: 'open_text', maxLength: 200 }, settings });
    await ok(chair.socket, 'poll.open', { pollId: cloudId });
    await ok(chair.socket, 'poll.open', { pollId: textId });

    const [first, second, third] = (await voters(plenary, 3)) as [ClientSocket, ClientSocket, ClientSocket];
    await ok(first, 'poll.vote', { pollId: cloudId, ballot: { kind: 'word_cloud', words: ['Fairness', 'Scoundrels'] } });
    await ok(second, 'poll.vote', { pollId: cloudId, ballot: { kind: 'word_cloud', words: ['fairness'] } });
    await ok(third, 'poll.vote', { pollId: cloudId, ballot: { kind: 'word_cloud', words: ['scoundrels', 'skill'] } });
    await ok(first, 'poll.vote', { pollId: textId, ballot: { kind: 'open_text', text: 'Open competitive exams' } });
    await ok(second, 'poll.vote', { pollId: textId, ballot: { kind: 'open_text', text: 'Sack the whole ministry of crooks' } });
    await settled(everyone(all), 150);

    const answer = chair.current.results[textId]?.moderation?.find((item) => item.label.startsWith('Sack'));
    expect(answer).toMatchObject({ hidden: false, value: 1 });
    const word = chair.current.results[cloudId]?.moderation?.find((item) => item.label === 'scoundrels');
    expect(word).toMatchObject({ hidden: false, value: 2 });
    await ok(chair.socket, 'poll.hide', { pollId: cloudId, item: word!.key });
    const { revision: before } = await ok(chair.socket, 'poll.hide', { pollId: textId, item: answer!.key });
    // Bad input changes nothing: no such word, no such answer.
    expect(await plenarySend(chair, 'poll.hide', { pollId: cloudId, item: 'w:AAAAAAAAAAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await plenarySend(chair, 'poll.hide', { pollId: textId, item: 'a:AAAAAAAAAAAAAAAA' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    await ok(chair.socket, 'poll.reveal', { pollId: cloudId });
    const { revision } = await ok(chair.socket, 'poll.reveal', { pollId: textId });
    expect(revision).toBe(before + 2);
    for (const screen of everyone(all)) await screen.reach(revision);
    await settled(everyone(all), 150);

    for (const screen of [stage, audience]) {
      expect(screen.current.results[cloudId]).toMatchObject({ voters: 3, rows: [{ label: 'fairness', value: 2 }, { label: 'skill', value: 1 }] });
      expect(screen.current.results[cloudId]).not.toHaveProperty('moderation');
      expect(screen.current.results[textId]?.answers).toEqual(['Open competitive exams']);
      expect(screen.current.results[textId]?.voters).toBe(2);
    }
    for (const received of [taps.stage, taps.audience]) {
      expect(received.length).toBeGreaterThan(0);
      expect(received.join('\n')).not.toMatch(/scoundrels|Sack the whole/i);
    }
    expect(chair.current.results[cloudId]?.rows.map((row) => row.label)).toEqual(['fairness', 'skill']);
    expect(chair.current.results[cloudId]?.moderation).toContainEqual({ ...word, hidden: true });
    expect(chair.current.results[textId]?.moderation).toContainEqual({ ...answer, hidden: true });

    // Someone joining now gets the same public results in their snapshot.
    const { socket: late } = await plenary.person({ code: 'ACSH23', name: 'Latecomer' });
    const snapshot = await ok(late, 'room.join', { roomId: ROOM });
    expect(JSON.stringify(snapshot)).not.toMatch(/scoundrels|Sack the whole/i);

    // Reports record the results as the room saw them.
    const report = await plenary.admin(`/api/reports/acsh-2023/rooms/${ROOM}`);
    expect(report.status).toBe(200);
    const reportText = await report.text();
    expect(reportText).toContain('fairness');
    expect(reportText).not.toMatch(/scoundrels|Sack the whole/i);

    // Unhidden, the word is everyone's again.
    await ok(chair.socket, 'poll.unhide', { pollId: cloudId, item: word!.key });
    await settled(everyone(all), 150);
    expect(audience.current.results[cloudId]?.rows.map((row) => row.label)).toEqual(['fairness', 'scoundrels', 'skill']);
    for (const screen of everyone(all)) expect(screen.problems).toEqual([]);
  });
});

describe('the chair restores a dismissed question', () => {
  it('[MOD2] a restored question reappears on the audience board; its asker sees it as theirs', async () => {
    const plenary = await startPlenary();
    const all = await screens(plenary);
    const { chair, audience } = all;
    const { question } = await ok(audience.socket, 'qa.ask', { text: 'How do small panels keep interviews fair?', anonymous: true });
    const { revision: dismissed } = await ok(chair.socket, 'qa.dismiss', { questionId: question.id });
    await audience.reach(dismissed);
    expect(audience.state.questions.map((q) => q.id)).not.toContain(question.id);
    expect(await plenarySend(chair, 'qa.unanswer', { questionId: question.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });

    const { revision } = await ok(chair.socket, 'qa.restore', { questionId: question.id });
    await audience.reach(revision);
    expect(audience.state.questions.find((q) => q.id === question.id)).toMatchObject({ status: 'approved', authorId: null, authorName: null });
    const snapshot = await ok(audience.socket, 'room.snapshot', {});
    expect(snapshot.myQuestions).toEqual([question.id]);
    expect((await ok(chair.socket, 'room.snapshot', {})).myQuestions).toEqual([]);

    // The asker withdraws it; a stranger may not.
    const { socket: stranger } = await plenary.person({ code: 'ACSH23', name: 'Stranger' });
    await ok(stranger, 'room.join', { roomId: ROOM });
    expect(await plenarySend(stranger, 'qa.withdraw', { questionId: question.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const withdrawn = await ok(audience.socket, 'qa.withdraw', { questionId: question.id });
    await chair.reach(withdrawn.revision);
    expect(chair.state.questions.map((q) => q.id)).not.toContain(question.id);
  });
});

function plenarySend(target: RoomFollower | ClientSocket, name: string, payload: unknown): Promise<unknown> {
  const socket = 'socket' in target ? target.socket : target;
  return new Promise((resolve) => (socket.emit as (event: string, ...args: unknown[]) => void)(name, payload, resolve));
}
