import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../shared/protocol/commands.ts';

describe('payloads are strict all the way down', () => {
  it('refuses an unknown field inside a ballot', () => {
    const vote = COMMANDS['poll.vote'].payload.safeParse({ pollId: 'p1', ballot: { kind: 'single', optionId: 'o2', surplus: 1 } });
    expect(vote.success).toBe(false);
  });

  it('refuses an unknown field inside a poll specification', () => {
    const create = COMMANDS['poll.create'].payload.safeParse({ question: 'Which reform first?', spec: { kind: 'word_cloud', maxWords: 3, colour: 'red' } });
    expect(create.success).toBe(false);
  });

  it('refuses an unknown field inside a poll settings change and a speaker', () => {
    expect(COMMANDS['poll.update'].payload.safeParse({ pollId: 'p1', settings: { anonymous: true, secret: 1 } }).success).toBe(false);
    expect(COMMANDS['floor.add'].payload.safeParse({ speaker: { name: 'Aigerim', nickname: 'A' } }).success).toBe(false);
  });
});
