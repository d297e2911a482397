import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import { crossedAnnouncement, openFields, pollCountdown } from '../../client/src/lib/poll-countdown.ts';

const OPENED_MS = 1_684_302_500_000;

const poll = (changes: Partial<Poll> = {}): Poll => ({
  id: 'p1',
  question: 'Publish merit lists?',
  spec: { kind: 'single', options: [{ id: 'o1', label: 'Yes' }, { id: 'o2', label: 'No' }] },
  settings: { resultsVisibility: 'live', anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
  status: 'open',
  revealed: false,
  createdAtMs: OPENED_MS - 60_000,
  openedAtMs: OPENED_MS,
  closedAtMs: null,
  closesAtMs: OPENED_MS + 60_000,
  revealOnClose: false,
  ...changes,
});

describe('a timed poll counts down by the server clock', () => {
  it('shows the time left as a stopwatch does, and zero once time is up', () => {
    expect(pollCountdown(poll(), OPENED_MS)).toEqual({ leftMs: 60_000, text: '1:00', timeUp: false });
    expect(pollCountdown(poll(), OPENED_MS + 50_200)).toEqual({ leftMs: 9_800, text: '0:10', timeUp: false });
    expect(pollCountdown(poll(), OPENED_MS + 61_000)).toEqual({ leftMs: 0, text: '0:00', timeUp: true });
  });

  it('has no countdown when untimed or no longer open', () => {
    expect(pollCountdown(poll({ closesAtMs: null }), OPENED_MS)).toBeNull();
    expect(pollCountdown(poll({ status: 'closed' }), OPENED_MS)).toBeNull();
    // A poll stored before timed polls comes without the field at all.
    const { closesAtMs: _closes, ...older } = poll();
    expect(pollCountdown(older as Poll, OPENED_MS)).toBeNull();
  });

  it('announces "10 seconds left" once: only on the tick that crosses it', () => {
    const ticks = [12_000, 10_200, 10_000, 9_800, 9_600, 5_000, 0];
    const announced = ticks.map((left, i) => crossedAnnouncement(left, i === 0 ? null : ticks[i - 1]!));
    expect(announced).toEqual([false, false, true, false, false, false, false]);
    // A phone that opens the poll with 8 s left does not announce it out of the blue.
    expect(crossedAnnouncement(8_000, null)).toBe(false);
  });
});

describe("the chair's duration choice", () => {
  it('turns into poll.open fields', () => {
    expect(openFields('none', 0, true)).toEqual({});
    expect(openFields('30', 0, false)).toEqual({ durationSec: 30 });
    expect(openFields('120', 0, true)).toEqual({ durationSec: 120, revealOnClose: true });
    expect(openFields('custom', 45, true)).toEqual({ durationSec: 45, revealOnClose: true });
  });

  it('refuses a custom duration under 5 s or over 24 h', () => {
    for (const bad of [4, 86_401, 7.5, Number.NaN]) expect(openFields('custom', bad, false)).toBeNull();
  });
});
