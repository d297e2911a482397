import { describe, expect, it } from 'vitest';
import type { ProfanityFilter } from '../../shared/model/room.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { accepted, openRoom, payload, refusal, type OpenRoom } from './fixtures.ts';

const PROFANE = 'Why is this reform such a fucking mess?';
const MASKED = 'Why is this reform such a ******* mess?';
const CLEAN = 'How are written tests kept free of leaks?';

function roomWith(filter: ProfanityFilter | undefined, preModeration = false): OpenRoom {
  const room = openRoom();
  const { profanityFilter: _default, ...settings } = room.state.settings;
  // `undefined`: a room stored before the filter existed.
  room.apply({ type: 'room.configured', settings: { ...settings, preModeration, ...(filter ? { profanityFilter: filter } : {}) } });
  return room;
}

function ask(room: OpenRoom, text: string) {
  return accepted(room.command('qa.ask', payload('qa.ask', { text }), room.actor('audience'))).result.question;
}

describe('the profanity filter on questions', () => {
  it('masks a profane word and publishes the question (mask, the default)', () => {
    expect(openRoom().state.settings.profanityFilter).toBe('mask');
    for (const room of [roomWith('mask'), roomWith(undefined)]) {
      expect(ask(room, PROFANE)).toMatchObject({ text: MASKED, status: 'approved', profanity: 'masked' });
      expect(ask(room, CLEAN)).toMatchObject({ text: CLEAN, status: 'approved' });
      expect(ask(room, CLEAN).profanity).toBeUndefined();
    }
  });

  it('holds a profane question for the moderator, masked, even without pre-moderation (hold)', () => {
    const room = roomWith('hold');
    expect(ask(room, PROFANE)).toMatchObject({ text: MASKED, status: 'pending', profanity: 'held' });
    expect(ask(room, CLEAN)).toMatchObject({ text: CLEAN, status: 'approved' });
  });

  it('lets everything through unchanged (off)', () => {
    const room = roomWith('off');
    expect(ask(room, PROFANE)).toMatchObject({ text: PROFANE, status: 'approved' });
    expect(ask(room, PROFANE).profanity).toBeUndefined();
  });

  it('filters an asker’s edit too: new profanity is masked and, in hold, read again by the chair; a clean edit loses the mark', () => {
    const room = roomWith('hold');
    const asker = room.actor('participant');
    const { question } = accepted(room.command('qa.ask', payload('qa.ask', { text: CLEAN }), asker)).result;
    accepted(room.command('qa.edit', { questionId: question.id, text: PROFANE }, asker));
    expect(room.state.questions[0]).toMatchObject({ text: MASKED, status: 'pending', profanity: 'held' });
    accepted(room.command('qa.approve', { questionId: question.id }, room.actor('moderator')));
    accepted(room.command('qa.edit', { questionId: question.id, text: CLEAN }, asker));
    expect(room.state.questions[0]).toMatchObject({ text: CLEAN, status: 'approved' });
    expect(room.state.questions[0]?.profanity).toBeUndefined();
  });
});

describe('the profanity filter on polls', () => {
  function openPoll(room: OpenRoom, spec: { kind: 'word_cloud'; maxWords: number } | { kind: 'open_text'; maxLength: number }) {
    const chair = room.actor('moderator');
    const { pollId } = accepted(room.command('poll.create', payload('poll.create', { question: 'In one word?', spec }), chair)).result;
    accepted(room.command('poll.open', payload('poll.open', { pollId }), chair));
    return pollId;
  }

  it('masks a profane open-text answer in mask and hold; keeps it in off', () => {
    for (const [filter, expected] of [['mask', MASKED], ['hold', MASKED], ['off', PROFANE]] as const) {
      const room = roomWith(filter);
      const pollId = openPoll(room, { kind: 'open_text', maxLength: 200 });
      const prepared = prepareBallot(room.state, pollId, { kind: 'open_text', text: PROFANE }, room.actor('audience'), room.nowMs);
      expect(prepared.ok && prepared.value.ballot).toEqual({ kind: 'open_text', text: expected });
    }
  });

  it('refuses a profane word-cloud word with a clear error (a cloud of masks shows nothing), Russian and obfuscated ones too', () => {
    const room = roomWith('mask');
    const pollId = openPoll(room, { kind: 'word_cloud', maxWords: 3 });
    for (const words of [['merit', 'shit'], ['пиздец'], ['xyй']]) {
      const refused = prepareBallot(room.state, pollId, { kind: 'word_cloud', words }, room.actor('audience'), room.nowMs);
      expect(refusal(refused)).toBe('invalid_input');
    }
    expect(prepareBallot(room.state, pollId, { kind: 'word_cloud', words: ['merit', 'integrity'] }, room.actor('audience'), room.nowMs).ok).toBe(true);
    const off = roomWith('off');
    const offPoll = openPoll(off, { kind: 'word_cloud', maxWords: 3 });
    expect(prepareBallot(off.state, offPoll, { kind: 'word_cloud', words: ['shit'] }, off.actor('audience'), off.nowMs).ok).toBe(true);
  });

  it('room.configure sets the filter, and changing another setting leaves it as it was', () => {
    const room = roomWith('hold');
    const chair = room.actor('moderator');
    accepted(room.command('room.configure', payload('room.configure', { warningMs: 60_000 }), chair));
    expect(room.state.settings.profanityFilter).toBe('hold');
    accepted(room.command('room.configure', payload('room.configure', { profanityFilter: 'off' }), chair));
    expect(room.state.settings.profanityFilter).toBe('off');
    expect(refusal(room.command('room.configure', { profanityFilter: 'loud' } as never, chair))).toBe('invalid_input');
  });
});
