import { describe, expect, it } from 'vitest';
import { minutesText, parseMinutes } from '../../client/src/lib/minutes-input.ts';

const TURN = { minSec: 10, maxSec: 14_400 };

describe('minutes typed by a moderator', () => {
  it.each([
    ['3', 180],
    ['10', 600],
    ['2.5', 150],
    ['2,5', 150],
    ['2:30', 150],
    [' 5 ', 300],
    ['0:10', 10],
  ])('"%s" is %i seconds', (text, seconds) => {
    expect(parseMinutes(text, TURN)).toEqual({ ok: true, seconds });
  });

  it('treats an empty field as "no value" (the room default)', () => {
    expect(parseMinutes('   ', TURN)).toEqual({ ok: true, seconds: null });
  });

  it.each(['abc', '-3', '2:75', '1e3', '0', '0:05', '241', '3 min'])('refuses "%s"', (text) => {
    expect(parseMinutes(text, TURN)).toEqual({ ok: false });
  });
});

describe('a length shown back in minutes', () => {
  it('drops zero seconds and pads the rest', () => {
    expect(minutesText(600_000)).toBe('10');
    expect(minutesText(150_000)).toBe('2:30');
    expect(minutesText(65_000)).toBe('1:05');
  });

  it('round-trips through the parser', () => {
    for (const ms of [10_000, 90_000, 180_000, 600_000, 5_400_000]) {
      expect(parseMinutes(minutesText(ms), TURN)).toEqual({ ok: true, seconds: ms / 1000 });
    }
  });
});
