import { describe, expect, it } from 'vitest';
import { ok, send, startPlenary, type ClientSocket, type TestServer } from '../support/plenary.ts';
import { followRoom, settled } from '../support/room-follower.ts';

const ROOM = 'panel-1';
const SWEAR = 'пиздец';
const QUESTION = `Почему реформа — это ${SWEAR}?`;

/** Everything a socket receives, as JSON: to show a word never reached it by any event. */
function wiretap(socket: ClientSocket): string[] {
  const received: string[] = [];
  socket.onAny((event: string, ...args: unknown[]) => received.push(`${event} ${JSON.stringify(args)}`));
  return received;
}

async function screens(plenary: TestServer) {
  const chairPerson = await plenary.person({ invite: await plenary.inviteFor('moderator', ROOM), name: 'Aigerim Sadykova' });
  const stagePerson = await plenary.person({ invite: await plenary.inviteFor('display', ROOM) });
  const audiencePerson = await plenary.person({ code: 'ACSH23', name: 'Guest in the hall' });
  const askerPerson = await plenary.person({ code: 'ACSH23', name: 'Asker' });
  const taps = { chair: wiretap(chairPerson.socket), stage: wiretap(stagePerson.socket), audience: wiretap(audiencePerson.socket) };
  const chair = await followRoom(chairPerson.socket, ROOM);
  const stage = await followRoom(stagePerson.socket, ROOM);
  const audience = await followRoom(audiencePerson.socket, ROOM);
  await ok(askerPerson.socket, 'room.join', { roomId: ROOM });
  await ok(chair.socket, 'room.open', {});
  return { chair, stage, audience, asker: askerPerson.socket, taps };
}

describe('a profane question, seen from the audience, the stage and the chair', () => {
  for (const mode of ['mask', 'hold', 'off'] as const) {
    it(`[PF-${mode}] ${mode}`, async () => {
      const plenary = await startPlenary();
      const { chair, stage, audience, asker, taps } = await screens(plenary);
      await ok(chair.socket, 'room.configure', { profanityFilter: mode });
      const { question } = await ok(asker, 'qa.ask', { text: QUESTION });
      await settled([chair, stage, audience], 400);

      const onBoard = (follower: typeof chair) => follower.state.questions.find((q) => q.id === question.id);
      if (mode === 'off') {
        expect(onBoard(audience)?.text).toBe(QUESTION);
        return;
      }
      expect(question.text).not.toContain(SWEAR);
      expect(onBoard(chair)).toMatchObject({ profanity: mode === 'hold' ? 'held' : 'masked', status: mode === 'hold' ? 'pending' : 'approved' });
      if (mode === 'hold') expect(onBoard(audience)).toBeUndefined();
      else expect(onBoard(audience)?.text).toBe(question.text);
      for (const tap of Object.values(taps)) expect(tap.join('\n')).not.toContain(SWEAR);
      const report = await (await plenary.admin(`/api/reports/acsh-2023/rooms/${ROOM}`)).text();
      expect(report).not.toContain(SWEAR);
    });
  }

  it('[PF-word] a profane word for the cloud is refused with invalid_input and counts nowhere', async () => {
    const plenary = await startPlenary();
    const { chair, asker, taps } = await screens(plenary);
    const { pollId } = await ok(chair.socket, 'poll.create', { question: 'One word?', spec: { kind: 'word_cloud', maxWords: 2 }, settings: { resultsVisibility: 'live' } });
    await ok(chair.socket, 'poll.open', { pollId });
    expect(await send(asker, 'poll.vote', { pollId, ballot: { kind: 'word_cloud', words: ['merit', 'sh1t'] } })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await ok(asker, 'poll.vote', { pollId, ballot: { kind: 'word_cloud', words: ['merit'] } });
    await settled([], 400);
    for (const tap of Object.values(taps)) expect(tap.join('\n')).not.toContain('sh1t');
  });
});
