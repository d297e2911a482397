import { describe, expect, it } from 'vitest';
import { durationMinutes, instantOf, zonedIso } from '../../server/interop/zoned-time.ts';

describe('wall-clock times in a zone', () => {
  it('reads a wall-clock time on the days the clocks change, and writes each instant with the offset then', () => {
    // Berlin went back from +02:00 to +01:00 at 03:00 on 27 October 2024: 02:30 happened twice, the first is taken.
    expect(zonedIso(instantOf('2024-10-27', '02:30', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2024-10-27T02:30:00+02:00');
    expect(zonedIso(instantOf('2024-10-27', '10:00', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2024-10-27T10:00:00+01:00');
    expect(zonedIso(instantOf('2024-03-31', '10:00', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2024-03-31T10:00:00+02:00');
    expect(zonedIso(instantOf('2023-11-27', '23:00', 'America/New_York'), 'America/New_York')).toBe('2023-11-27T23:00:00-05:00');
    expect(zonedIso(Date.parse('2023-05-17T05:30:00Z'), 'Asia/Kolkata')).toBe('2023-05-17T11:00:00+05:30');
  });

  it('reads durations HH:MM (hours past 24 too) and HH:MM:SS, and nothing with 60 minutes or more', () => {
    expect(durationMinutes('00:45')).toBe(45);
    expect(durationMinutes('1:30')).toBe(90);
    expect(durationMinutes('26:00')).toBe(1560);
    expect(durationMinutes('01:00:00')).toBe(60);
    expect(durationMinutes('25:99')).toBeNull();
    expect(durationMinutes('45')).toBeNull();
    expect(durationMinutes('00:30:75')).toBeNull();
  });
});
