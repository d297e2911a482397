import { describe, expect, it } from 'vitest';
import { icalOffset, offsetMinutes, vtimezoneLines, zoneTransitions } from '../../server/interop/vtimezone.ts';

describe('VTIMEZONE from the zone rules', () => {
  it('finds both of Berlin’s 2023 changes to the minute', () => {
    const changes = zoneTransitions('Europe/Berlin', Date.UTC(2023, 0, 1), Date.UTC(2024, 0, 1));
    expect(changes).toEqual([
      { atMs: Date.UTC(2023, 2, 26, 1), fromMinutes: 60, toMinutes: 120 },
      { atMs: Date.UTC(2023, 9, 29, 1), fromMinutes: 120, toMinutes: 60 },
    ]);
  });

  it('writes daylight and standard observances with their local onset and offsets', () => {
    const lines = vtimezoneLines('Europe/Berlin', Date.UTC(2023, 4, 1), Date.UTC(2023, 11, 1));
    expect(lines.join('\n')).toContain(['BEGIN:STANDARD', 'DTSTART:20231029T030000', 'TZOFFSETFROM:+0200', 'TZOFFSETTO:+0100', 'END:STANDARD'].join('\n'));
    expect(lines[0]).toBe('BEGIN:VTIMEZONE');
    expect(lines[1]).toBe('TZID:Europe/Berlin');
    expect(lines.at(-1)).toBe('END:VTIMEZONE');
  });

  it('follows a zone whose rules changed: Almaty left UTC+6 on 1 March 2024', () => {
    expect(offsetMinutes('Asia/Almaty', Date.UTC(2023, 4, 17))).toBe(360);
    const changes = zoneTransitions('Asia/Almaty', Date.UTC(2024, 0, 1), Date.UTC(2024, 11, 31));
    expect(changes).toEqual([{ atMs: Date.UTC(2024, 1, 29, 18), fromMinutes: 360, toMinutes: 300 }]);
    expect(vtimezoneLines('Asia/Almaty', Date.UTC(2023, 4, 16), Date.UTC(2023, 4, 20))).toEqual([
      'BEGIN:VTIMEZONE',
      'TZID:Asia/Almaty',
      'BEGIN:STANDARD',
      'DTSTART:20230516T060000',
      'TZOFFSETFROM:+0600',
      'TZOFFSETTO:+0600',
      'END:STANDARD',
      'END:VTIMEZONE',
    ]);
  });

  it('writes offsets west of Greenwich and in half hours', () => {
    expect(icalOffset(-300)).toBe('-0500');
    expect(icalOffset(330)).toBe('+0530');
    expect(offsetMinutes('America/New_York', Date.UTC(2023, 10, 28))).toBe(-300);
  });
});
