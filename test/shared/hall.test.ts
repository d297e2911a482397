import { describe, expect, it } from 'vitest';
import { AgendaSchema, StoredAgendaSchema, hallOfRoom } from '../../shared/model/event.ts';
import { emptyHallState, hallIdOf, liveRoomOfHall, nextSessionOfHall, sessionsOfHall, type HallState } from '../../shared/model/hall.ts';
import { roleInRoom } from '../../server/auth/access.ts';
import type { Person } from '../../shared/model/person.ts';

const at = (time: string) => `2023-05-17T${time}:00+06:00`;
const ms = (time: string) => Date.parse(at(time));
const session = (id: string, hall: string | null, starts: string, ends: string) => ({ id, hall, startsAt: at(starts), endsAt: at(ends) });

/** Listed out of order on purpose: the hall's order is the programme's, by start time. */
const ROOMS = [
  session('panel-1', 'main-hall', '11:30', '13:00'),
  session('welcome', 'main-hall', '09:30', '10:30'),
  session('workshop', 'hall-c', '09:30', '12:00'),
  session('keynote-1', 'main-hall', '10:30', '11:10'),
  session('lunch', null, '13:00', '14:00'),
];

const state = (roomId: string | null, revision = 1): HallState => ({ ...emptyHallState('acsh-2023', 'main-hall'), roomId, revision });

describe('a hall\'s sessions', () => {
  it('are its rooms in programme order', () => {
    expect(sessionsOfHall(ROOMS, 'main-hall').map((room) => room.id)).toEqual(['welcome', 'keynote-1', 'panel-1']);
    expect(sessionsOfHall(ROOMS, 'hall-b')).toEqual([]);
  });

  it('next: the one after the session held, else the first not ended yet, else none', () => {
    expect(nextSessionOfHall(ROOMS, 'main-hall', 'welcome', ms('23:00'))?.id).toBe('keynote-1');
    expect(nextSessionOfHall(ROOMS, 'main-hall', 'panel-1', ms('08:00'))).toBeNull();
    expect(nextSessionOfHall(ROOMS, 'main-hall', null, ms('10:45'))?.id).toBe('keynote-1');
    // Never held one, and the clock is past them all (the demo, run after its dates): from the first.
    expect(nextSessionOfHall(ROOMS, 'main-hall', null, ms('13:30'))?.id).toBe('welcome');
  });

  it('live room: the open session; between sessions the next; after the last, none', () => {
    expect(liveRoomOfHall(ROOMS, state('keynote-1'), true, ms('23:00'))?.id).toBe('keynote-1');
    expect(liveRoomOfHall(ROOMS, state('keynote-1'), false, ms('11:15'))?.id).toBe('panel-1');
    expect(liveRoomOfHall(ROOMS, state('panel-1'), false, ms('13:05'))).toBeNull();
    expect(liveRoomOfHall(ROOMS, emptyHallState('acsh-2023', 'main-hall'), false, ms('09:00'))?.id).toBe('welcome');
    // A session since moved to another hall is not the hall's: the hall goes by the clock.
    expect(liveRoomOfHall(ROOMS, state('workshop'), true, ms('10:45'))?.id).toBe('keynote-1');
  });
});

describe('hall ids from names', () => {
  it('are lowercase words joined by dashes, unique among those taken', () => {
    expect(hallIdOf('Main Hall', new Set())).toBe('main-hall');
    expect(hallIdOf('  Salle Émeraude (2nd floor) ', new Set())).toBe('salle-emeraude-2nd-floor');
    expect(hallIdOf('Main Hall', new Set(['main-hall', 'main-hall-2']))).toBe('main-hall-3');
    expect(hallIdOf('Зал', new Set())).toBe('hall');
  });
});

describe('the agenda\'s halls', () => {
  const base = {
    id: 'acsh-2023',
    title: 'ACSH',
    audienceCode: 'ACSH23',
    rooms: [{ id: 'keynote-1', title: 'Keynote', kind: 'keynote', startsAt: at('10:30'), endsAt: at('11:10') }],
  };

  it('a location names a hall, found by name before one is created; it wins over hall and is not kept', () => {
    const agenda = AgendaSchema.parse({
      ...base,
      halls: [{ id: 'main', name: 'Main Hall' }],
      rooms: [
        { ...base.rooms[0], location: 'MAIN HALL', hall: null },
        { ...base.rooms[0], id: 'panel-1', location: 'Hall B', hall: 'main' },
        { ...base.rooms[0], id: 'panel-2', hall: 'main' },
      ],
    });
    expect(agenda.halls).toEqual([
      { id: 'main', name: 'Main Hall' },
      { id: 'hall-b', name: 'Hall B' },
    ]);
    expect(agenda.rooms.map((room) => room.hall)).toEqual(['main', 'hall-b', 'main']);
    expect(StoredAgendaSchema.safeParse(agenda).success).toBe(true);
    expect(hallOfRoom(agenda, agenda.rooms[1]!)).toEqual({ id: 'hall-b', name: 'Hall B' });
    expect(hallOfRoom(agenda, { hall: null })).toBeNull();
  });

  it('refuses repeated hall ids, repeated join codes, and a room naming a hall the agenda lacks', () => {
    const issues = (input: unknown) => AgendaSchema.safeParse(input).error?.issues.map((issue) => [issue.path.join('.'), issue.message]) ?? [];
    expect(issues({ ...base, halls: [{ id: 'a', name: 'A' }, { id: 'a', name: 'B' }] })).toEqual([['halls', expect.stringContaining('"a"')]]);
    expect(issues({ ...base, halls: [{ id: 'a', name: 'A', code: '#acsh23' }] })).toEqual([['halls', expect.stringContaining('ACSH23')]]);
    expect(issues({ ...base, rooms: [{ ...base.rooms[0], hall: 'atrium' }] })).toEqual([['rooms.0.hall', expect.stringContaining('atrium')]]);
  });
});

describe('roles in a hall', () => {
  const person = (overrides: Partial<Person>): Person => ({
    id: 'u1',
    eventId: 'acsh-2023',
    name: 'Display',
    organisation: null,
    country: null,
    role: 'display',
    roomId: null,
    attendance: 'hall',
    createdAtMs: 0,
    ...overrides,
  });

  it('a hall display is a display in every session of its hall and audience elsewhere', () => {
    const screen = person({ hallId: 'main-hall' });
    expect(roleInRoom(screen, { id: 'keynote-1', hall: 'main-hall' })).toBe('display');
    expect(roleInRoom(screen, { id: 'panel-1', hall: 'main-hall' })).toBe('display');
    expect(roleInRoom(screen, { id: 'workshop', hall: 'hall-c' })).toBe('audience');
    expect(roleInRoom(screen, { id: 'lunch', hall: null })).toBe('audience');
  });

  it('a room display stays a display of its room only, whatever its hall', () => {
    const screen = person({ roomId: 'panel-1' });
    expect(roleInRoom(screen, { id: 'panel-1', hall: 'main-hall' })).toBe('display');
    expect(roleInRoom(screen, { id: 'keynote-1', hall: 'main-hall' })).toBe('audience');
    expect(roleInRoom(person({ role: 'organiser' }), { id: 'keynote-1', hall: 'main-hall' })).toBe('organiser');
  });
});
