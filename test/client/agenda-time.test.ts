import { describe, expect, it } from 'vitest';
import { AgendaRoomSchema, type AgendaRoom } from '../../shared/model/event.ts';
import { dayKey, formatTime, isoFromZonedLocal, nextOnAgenda, roomsByDay, zonedLocalInput, zoneOffsetMinutes } from '../../client/src/lib/agenda-time.ts';

const ASTANA = 'Asia/Almaty';

function room(id: string, startsAt: string, endsAt: string): AgendaRoom {
  return AgendaRoomSchema.parse({ id, title: id, kind: 'panel', startsAt, endsAt });
}

/** A slice of the demo: two days in Astana, with a late-evening session that is still day one there. */
const rooms = [
  room('panel-1', '2023-05-17T11:30:00+06:00', '2023-05-17T13:15:00+06:00'),
  room('day1-welcome', '2023-05-17T09:30:00+06:00', '2023-05-17T10:30:00+06:00'),
  room('keynote-1', '2023-05-17T10:30:00+06:00', '2023-05-17T11:15:00+06:00'),
  room('reception', '2023-05-17T17:30:00Z', '2023-05-17T18:30:00Z'),
  room('day2-panel', '2023-05-18T09:30:00+06:00', '2023-05-18T11:00:00+06:00'),
];

describe('agenda times in the event’s time zone', () => {
  it('knows the zone’s offset on the day, not today’s', () => {
    // Kazakhstan moved Astana to UTC+5 in 2024; the 2023 conference was at UTC+6.
    expect(zoneOffsetMinutes(ASTANA, Date.parse('2023-05-17T05:30:00Z'))).toBe(360);
    expect(zoneOffsetMinutes('Europe/London', Date.parse('2023-05-17T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes('Europe/London', Date.parse('2023-01-17T12:00:00Z'))).toBe(0);
  });

  it('shows an instant as the wall-clock time of the event, whatever offset the file used', () => {
    expect(zonedLocalInput('2023-05-17T11:30:00+06:00', ASTANA)).toBe('2023-05-17T11:30');
    expect(zonedLocalInput('2023-05-17T05:30:00Z', ASTANA)).toBe('2023-05-17T11:30');
    expect(formatTime('2023-05-17T05:30:00Z', ASTANA, 'en')).toBe('11:30');
  });

  it('turns a typed wall-clock time back into an instant with the right offset', () => {
    expect(isoFromZonedLocal('2023-05-17T11:30', ASTANA)).toBe('2023-05-17T11:30:00+06:00');
    expect(isoFromZonedLocal('2023-05-17T11:30', 'Europe/London')).toBe('2023-05-17T11:30:00+01:00');
    expect(isoFromZonedLocal('2023-12-01T09:00', 'America/New_York')).toBe('2023-12-01T09:00:00-05:00');
    expect(isoFromZonedLocal('not a time', ASTANA)).toBeNull();
    for (const iso of ['2023-05-17T11:30:00+06:00', '2023-05-18T00:05:00+06:00']) {
      expect(isoFromZonedLocal(zonedLocalInput(iso, ASTANA), ASTANA)).toBe(iso);
    }
  });

  it('groups sessions by the day they start where the event is, in start order', () => {
    expect(dayKey('2023-05-17T18:30:00Z', ASTANA)).toBe('2023-05-18');
    const days = roomsByDay(rooms, ASTANA);
    expect(days.map((d) => [d.day, d.rooms.map((r) => r.id)])).toEqual([
      ['2023-05-17', ['day1-welcome', 'keynote-1', 'panel-1', 'reception']],
      ['2023-05-18', ['day2-panel']],
    ]);
  });
});

describe('next on the agenda', () => {
  it('is the first session that starts once this one ends', () => {
    expect(nextOnAgenda(rooms, 'day1-welcome')?.id).toBe('keynote-1');
    expect(nextOnAgenda(rooms, 'panel-1')?.id).toBe('reception');
    expect(nextOnAgenda(rooms, 'reception')?.id).toBe('day2-panel');
  });

  it('is nothing after the last session, or for a room not on the agenda', () => {
    expect(nextOnAgenda(rooms, 'day2-panel')).toBeNull();
    expect(nextOnAgenda(rooms, 'nowhere')).toBeNull();
  });

  it('falls back to the next session to start when the rest overlap this one', () => {
    const overlapping = [room('a', '2023-05-17T09:00:00Z', '2023-05-17T12:00:00Z'), room('b', '2023-05-17T10:00:00Z', '2023-05-17T11:00:00Z')];
    expect(nextOnAgenda(overlapping, 'a')?.id).toBe('b');
  });
});
