import { describe, expect, it } from 'vitest';
import { AgendaRoomSchema, type AgendaRoom } from '../../shared/model/event.ts';
import { agendaWallClock, eventPhase, nowAndNext, timeRange } from '../../client/src/lib/agenda-now-next.ts';

function room(id: string, startsAt: string, endsAt: string): AgendaRoom {
  return AgendaRoomSchema.parse({ id, title: id, kind: 'panel', startsAt, endsAt });
}

/** The first morning of the demo in Astana, with two sessions in parallel after the keynote. */
const rooms = [
  room('day1-welcome', '2023-05-17T09:30:00+06:00', '2023-05-17T10:30:00+06:00'),
  room('keynote-1', '2023-05-17T10:30:00+06:00', '2023-05-17T11:10:00+06:00'),
  room('panel-1', '2023-05-17T11:30:00+06:00', '2023-05-17T13:15:00+06:00'),
  room('workshop', '2023-05-17T11:30:00+06:00', '2023-05-17T17:00:00+06:00'),
  room('keynote-2', '2023-05-17T14:30:00+06:00', '2023-05-17T15:10:00+06:00'),
];
const astana = (time: string) => Date.parse(`2023-05-17T${time}:00+06:00`);

describe('now and next on the agenda, by the server clock', () => {
  it('during the welcome, the welcome is on and the keynote is next', () => {
    expect(nowAndNext(rooms, astana('10:00'))).toEqual({ now: ['day1-welcome'], next: ['keynote-1'] });
  });

  it('a session is on from its first minute and over at its last', () => {
    expect(nowAndNext(rooms, astana('10:30')).now).toEqual(['keynote-1']);
    expect(nowAndNext(rooms, astana('11:10')).now).toEqual([]);
  });

  it('in the coffee break nothing is on, and both parallel sessions are next', () => {
    expect(nowAndNext(rooms, astana('11:15'))).toEqual({ now: [], next: ['panel-1', 'workshop'] });
  });

  it('parallel sessions are on together; the next is the next to start', () => {
    expect(nowAndNext(rooms, astana('12:00'))).toEqual({ now: ['panel-1', 'workshop'], next: ['keynote-2'] });
  });

  it('after the last start there is no next', () => {
    expect(nowAndNext(rooms, astana('16:00'))).toEqual({ now: ['workshop'], next: [] });
  });

  it('a device clock ten minutes fast would call the welcome over; the server clock does not', () => {
    const serverNow = astana('10:25');
    const deviceNow = serverNow + 10 * 60_000;
    expect(nowAndNext(rooms, serverNow).now).toEqual(['day1-welcome']);
    expect(nowAndNext(rooms, deviceNow).now).toEqual(['keynote-1']);
  });
});

describe('where the event stands', () => {
  it('is before, during, or after the programme', () => {
    expect(eventPhase(rooms, astana('08:00'))).toBe('before');
    expect(eventPhase(rooms, astana('11:15'))).toBe('during');
    expect(eventPhase(rooms, astana('17:00'))).toBe('after');
    expect(eventPhase([], astana('12:00'))).toBe('after');
  });
});

describe('times as the hall reads them', () => {
  it('shows a session in the event’s zone, whatever the reader’s', () => {
    expect(timeRange(rooms[2]!, 'Asia/Almaty', 'en')).toBe('11:30–13:15');
    expect(timeRange(room('utc', '2023-05-17T05:30:00Z', '2023-05-17T07:15:00Z'), 'Asia/Almaty', 'ru')).toBe('11:30–13:15');
  });

  it('reads the clock digits the agenda file wrote, for a room snapshot without a zone name', () => {
    expect(agendaWallClock('2023-05-17T11:30:00+06:00')).toBe('11:30');
    expect(agendaWallClock('not a time')).toBe('not a time');
  });
});
