import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import { PollSchema } from '../../shared/model/poll.ts';
import { COMMANDS, type CommandInput } from '../../shared/protocol/commands.ts';
import { prepareBallot } from '../../server/domain/ballots.ts';
import { pollHandlers, timedPolls } from '../../server/domain/polls.ts';
import { accepted, openRoom, payload, refusal, SECOND_MS, type OpenRoom } from './fixtures.ts';

const question = {
  question: 'Should the Hub publish a yearly merit index?',
  spec: { kind: 'single', options: ['Yes', 'No'] },
} satisfies CommandInput<'poll.create'>;

function draft(room: OpenRoom): Poll {
  const { pollId } = accepted(room.run(pollHandlers['poll.create'], payload('poll.create', question), room.actor('moderator'))).result;
  return pollIn(room, pollId);
}

function pollIn(room: OpenRoom, pollId: string): Poll {
  const poll = room.state.polls.find((p) => p.id === pollId);
  if (!poll) throw new Error(`no poll ${pollId}`);
  return poll;
}

function open(room: OpenRoom, input: CommandInput<'poll.open'>) {
  return room.run(pollHandlers['poll.open'], payload('poll.open', input), room.actor('moderator'));
}

const yes = { kind: 'single', optionId: 'o1' } as const;

describe('a poll opened with a duration', () => {
  it('closes at openedAtMs + duration on the server clock, and keeps the choice to reveal then', () => {
    const room = openRoom();
    const poll = draft(room);
    accepted(open(room, { pollId: poll.id, durationSec: 60, revealOnClose: true }));
    expect(pollIn(room, poll.id)).toMatchObject({ status: 'open', openedAtMs: room.nowMs, closesAtMs: room.nowMs + 60 * SECOND_MS, revealOnClose: true });
  });

  it('an untimed poll has no end and no reveal on close', () => {
    const room = openRoom();
    const poll = draft(room);
    accepted(open(room, { pollId: poll.id }));
    expect(pollIn(room, poll.id)).toMatchObject({ status: 'open', closesAtMs: null, revealOnClose: false });
  });

  it.each([0, 4, 4.5, 86_401, -30])('refuses a duration of %s s, naming the field', (durationSec) => {
    const parsed = COMMANDS['poll.open'].payload.safeParse({ pollId: 'p1', durationSec });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['durationSec']);
  });

  it('accepts the bounds: 5 s and 24 h', () => {
    for (const durationSec of [5, 86_400]) expect(COMMANDS['poll.open'].payload.safeParse({ pollId: 'p1', durationSec }).success).toBe(true);
  });

  it('refuses a reveal on close without a duration, and changes nothing', () => {
    const room = openRoom();
    const poll = draft(room);
    const before = room.state;
    expect(refusal(open(room, { pollId: poll.id, revealOnClose: true }))).toBe('invalid_input');
    expect(room.state).toBe(before);
  });

  it('a room state stored before timed polls still parses, as untimed', () => {
    const room = openRoom();
    const { closesAtMs: _closes, revealOnClose: _reveal, ...older } = draft(room);
    expect(PollSchema.parse(older)).toMatchObject({ closesAtMs: null, revealOnClose: false });
  });

  it('an open poll read as stored before timed polls, without the fields, is untimed for ballots and for the poll timer', () => {
    const room = openRoom();
    const poll = draft(room);
    accepted(open(room, { pollId: poll.id }));
    // The stores hand back JSON as written, without the schema's defaults.
    const { closesAtMs: _closes, revealOnClose: _reveal, ...older } = pollIn(room, poll.id);
    room.state = { ...room.state, polls: [older as Poll] };
    room.advance(48 * 3_600 * SECOND_MS);
    accepted(prepareBallot(room.state, poll.id, yes, room.actor('participant'), room.nowMs));
    expect(timedPolls(room.state).size).toBe(0);
    accepted(room.run(pollHandlers['poll.close'], { pollId: poll.id }, room.actor('moderator')));
    expect(pollIn(room, poll.id)).toMatchObject({ status: 'closed', revealed: false });
  });
});

describe('ballots against the clock', () => {
  it('takes a ballot at closesAtMs - 1 and refuses one at closesAtMs with conflict, before any close is committed', () => {
    const room = openRoom();
    const poll = draft(room);
    accepted(open(room, { pollId: poll.id, durationSec: 30 }));
    const { closesAtMs } = pollIn(room, poll.id);
    if (closesAtMs === null) throw new Error('the poll is not timed');
    const voter = room.actor('participant');
    accepted(prepareBallot(room.state, poll.id, yes, voter, closesAtMs - 1));
    const late = prepareBallot(room.state, poll.id, yes, voter, closesAtMs);
    expect(late).toEqual({ ok: false, error: { code: 'conflict', message: 'The poll closed.' } });
    expect(refusal(prepareBallot(room.state, poll.id, yes, voter, closesAtMs + 5 * SECOND_MS))).toBe('conflict');
  });
});

describe('the poll timer of each process', () => {
  it('knows the open timed polls of a room, and no others', () => {
    const room = openRoom();
    const timed = draft(room);
    const untimed = draft(room);
    const closed = draft(room);
    accepted(open(room, { pollId: timed.id, durationSec: 30 }));
    accepted(open(room, { pollId: untimed.id }));
    accepted(open(room, { pollId: closed.id, durationSec: 5 }));
    accepted(room.run(pollHandlers['poll.close'], { pollId: closed.id }, room.actor('moderator')));
    expect(timedPolls(room.state)).toEqual(new Map([[timed.id, room.nowMs + 30 * SECOND_MS]]));
  });
});

describe('closing a timed poll', () => {
  it('a close at zero reveals it in the same event when the chair chose that', () => {
    const room = openRoom();
    const poll = draft(room);
    accepted(open(room, { pollId: poll.id, durationSec: 10, revealOnClose: true }));
    room.advance(10 * SECOND_MS);
    const decision = accepted(room.run(pollHandlers['poll.close'], { pollId: poll.id }, room.actor('moderator')));
    expect(decision.events).toEqual([{ type: 'poll.saved', poll: expect.objectContaining({ status: 'closed', revealed: true, closedAtMs: room.nowMs }) }]);
  });

  it('a close at zero without revealOnClose leaves the results hidden', () => {
    const room = openRoom();
    const poll = draft(room);
    accepted(open(room, { pollId: poll.id, durationSec: 10 }));
    room.advance(10 * SECOND_MS);
    accepted(room.run(pollHandlers['poll.close'], { pollId: poll.id }, room.actor('moderator')));
    expect(pollIn(room, poll.id)).toMatchObject({ status: 'closed', revealed: false });
  });

  it("the chair's close before zero works as for any poll and does not reveal", () => {
    const room = openRoom();
    const poll = draft(room);
    accepted(open(room, { pollId: poll.id, durationSec: 10, revealOnClose: true }));
    room.advance(9 * SECOND_MS);
    accepted(room.run(pollHandlers['poll.close'], { pollId: poll.id }, room.actor('moderator')));
    expect(pollIn(room, poll.id)).toMatchObject({ status: 'closed', revealed: false, closedAtMs: room.nowMs });
    room.advance(SECOND_MS);
    expect(refusal(room.run(pollHandlers['poll.close'], { pollId: poll.id }, room.actor('moderator')))).toBe('conflict');
  });
});
