import { describe, expect, it } from 'vitest';
import type { Agenda, AgendaPerson, AgendaRoom, RoomKind } from '../../shared/model/event.ts';
import { parseAgendaText, readDemoAgenda } from '../../server/demo/load-demo.ts';

const MINUTE_MS = 60_000;
const agenda = readDemoAgenda();

const roomsOfKind = (kind: RoomKind): AgendaRoom[] => agenda.rooms.filter((room) => room.kind === kind);
const lengthMinutes = (room: AgendaRoom): number => (Date.parse(room.endsAt) - Date.parse(room.startsAt)) / MINUTE_MS;
const peopleOf = (room: AgendaRoom): AgendaPerson[] => [...room.moderators, ...room.speakers];

/** The calendar date of an instant in the event's own time zone, e.g. "2023-05-17". */
function localDate(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

/** The wall-clock time of an instant in the event's own time zone, e.g. "09:30". */
function localWallClock(iso: string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

function groupByHall(rooms: readonly AgendaRoom[]): Map<string | null, AgendaRoom[]> {
  const groups = new Map<string | null, AgendaRoom[]>();
  for (const room of rooms) groups.set(room.hall, [...(groups.get(room.hall) ?? []), room]);
  return groups;
}

describe('the ACSH 2023 demo agenda', () => {
  it('is the Astana conference with its audience code', () => {
    expect(agenda.id).toBe('acsh-2023');
    expect(agenda.audienceCode).toBe('ACSH23');
    expect(agenda.timezone).toBe('Asia/Almaty');
    expect(agenda.venue).toContain('Astana');
  });

  it('runs on three days, 17 to 19 May 2023', () => {
    const days = new Set(agenda.rooms.flatMap((room) => [room.startsAt, room.endsAt]).map((iso) => localDate(iso, agenda.timezone)));
    expect([...days].sort()).toEqual(['2023-05-17', '2023-05-18', '2023-05-19']);
  });

  it('writes every time with the offset Astana had in May 2023, matching its time zone', () => {
    for (const room of agenda.rooms) {
      for (const iso of [room.startsAt, room.endsAt]) {
        expect(iso, room.id).toMatch(/^2023-05-\d\dT\d\d:\d\d:\d\d\+06:00$/);
        expect(localWallClock(iso, agenda.timezone), room.id).toBe(iso.slice(11, 16));
      }
    }
  });

  it('opens with welcome speeches on the morning of day 1', () => {
    const [first] = agenda.rooms;
    expect(first?.id).toBe('day1-welcome');
    expect(first?.kind).toBe('plenary');
    expect(first?.startsAt.startsWith('2023-05-17T0')).toBe(true);
  });

  it('has four keynotes, each ending with a 10-minute Q&A counted in its length', () => {
    const keynotes = roomsOfKind('keynote');
    expect(keynotes.map((k) => k.id)).toEqual(['keynote-1', 'keynote-2', 'keynote-3', 'keynote-4']);
    for (const keynote of keynotes) {
      expect(keynote.timers, keynote.id).toEqual([{ label: 'Q&A', minutes: 10 }]);
      expect(lengthMinutes(keynote), keynote.id).toBe(keynote.turnMinutes + 10);
      expect(keynote.speakers, keynote.id).toHaveLength(1);
    }
  });

  it('has five panels of 1.5 to 2 hours, with a moderator and six or seven people presenting 10 minutes each', () => {
    const panels = roomsOfKind('panel');
    expect(panels.map((p) => p.id)).toEqual(['panel-1', 'panel-2', 'panel-3', 'panel-4', 'panel-5']);
    for (const panel of panels) {
      expect(lengthMinutes(panel), panel.id).toBeGreaterThanOrEqual(90);
      expect(lengthMinutes(panel), panel.id).toBeLessThanOrEqual(120);
      expect(panel.turnMinutes, panel.id).toBe(10);
      expect(panel.moderators.length, panel.id).toBeGreaterThanOrEqual(1);
      expect(panel.speakers.length, panel.id).toBeGreaterThanOrEqual(6);
      expect(panel.speakers.length, panel.id).toBeLessThanOrEqual(7);
      // The presentations leave time for the open discussion the concept note asks for.
      expect(panel.speakers.length * panel.turnMinutes, panel.id).toBeLessThan(lengthMinutes(panel));
    }
  });

  it('keeps the panel themes of the concept note', () => {
    const titles = roomsOfKind('panel').map((p) => p.title);
    expect(titles[0]).toContain("Meritocracy in action: best practices and the experience of Hub's participating countries");
    expect(titles[1]).toContain('Presentation of ACSH’s recent research initiatives');
    expect(titles[2]).toContain('Prevention of Corruption and Promotion of Ethics in Civil Service: Best Practices and Unique Cases');
    expect(titles[3]).toContain('Building effective communications');
    expect(titles[4]).toContain('Digitalisation in HR');
  });

  it('gives panel 1 a keynote from Belgium and practitioners from the countries the note lists', () => {
    const panel1 = agenda.rooms.find((room) => room.id === 'panel-1');
    const [keynote, ...practitioners] = panel1?.speakers ?? [];
    expect(keynote?.country).toBe('Belgium');
    expect(practitioners.map((p) => p.country).sort()).toEqual(
      ['Canada', 'Kazakhstan', 'Maldives', 'Republic of Korea', 'Tajikistan', 'USA'],
    );
  });

  it('has two roundtables with short interventions', () => {
    const roundtables = roomsOfKind('roundtable');
    expect(roundtables.map((r) => r.id)).toEqual(['roundtable-1', 'roundtable-2']);
    expect(roundtables[0]?.title).toContain('from Lagash and Al-Farabi to the present day');
    expect(roundtables[1]?.title).toContain('Teaching public administration and public policy: sharing good practices');
    for (const roundtable of roundtables) expect([3, 5], roundtable.id).toContain(roundtable.turnMinutes);
    const roundtable1Countries = new Set(roundtables[0]?.speakers.map((s) => s.country));
    expect([...roundtable1Countries].sort()).toEqual(['Austria', 'Kazakhstan', 'Turkey', 'Uzbekistan']);
  });

  it('runs the two roundtables side by side on day 2 under the master of ceremonies’ opening and report-back', () => {
    const parent = agenda.rooms.find((room) => room.id === 'roundtables-day2') as AgendaRoom;
    expect(parent.parent).toBeNull();
    expect(parent.moderators.map((m) => m.name)).toEqual(agenda.rooms[0]?.moderators.map((m) => m.name));
    const tables = agenda.rooms.filter((room) => room.parent === parent.id);
    expect(tables.map((room) => room.id)).toEqual(['roundtable-1', 'roundtable-2']);
    for (const table of tables) {
      expect(localDate(table.startsAt, agenda.timezone), table.id).toBe('2023-05-18');
      expect(Date.parse(table.startsAt), table.id).toBeGreaterThan(Date.parse(parent.startsAt));
      expect(Date.parse(table.endsAt), table.id).toBeLessThan(Date.parse(parent.endsAt));
    }
    expect(tables[0]?.startsAt).toBe(tables[1]?.startsAt);
  });

  it('runs the change-management workshop over days 2 and 3 for officials of seven countries', () => {
    const workshops = roomsOfKind('workshop');
    expect(workshops.map((w) => w.id)).toEqual(['workshop-change-management']);
    const workshop = workshops[0] as AgendaRoom;
    expect(workshop.title).toContain('Change Management for Digital Transformation');
    expect(localDate(workshop.startsAt, agenda.timezone)).toBe('2023-05-18');
    expect(localDate(workshop.endsAt, agenda.timezone)).toBe('2023-05-19');
    const officialsCountries = new Set(workshop.speakers.map((s) => s.country).filter((c) => c !== 'Republic of Korea'));
    expect(officialsCountries.size).toBe(7);
  });

  it('lists the delegations, the six of the New York workshop among them, and every person’s country', () => {
    for (const country of ['Azerbaijan', 'Georgia', 'Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Uzbekistan']) {
      expect(agenda.delegations).toContain(country);
    }
    const countries = new Set(agenda.rooms.flatMap(peopleOf).map((p) => p.country));
    for (const country of countries) expect(agenda.delegations).toContain(country);
  });

  it('gives every person a name, an organisation and a country', () => {
    for (const room of agenda.rooms) {
      for (const person of peopleOf(room)) {
        expect(person.country, `${room.id}: ${person.name}`).toBeTruthy();
        expect(person.organisation, `${room.id}: ${person.name}`).toBeTruthy();
      }
    }
  });

  it('lists rooms in chronological order, each ending after it starts', () => {
    const starts = agenda.rooms.map((room) => Date.parse(room.startsAt));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    for (const room of agenda.rooms) expect(lengthMinutes(room), room.id).toBeGreaterThan(0);
  });

  it('holds its sessions in four halls with their own join codes (the day-2 roundtables side by side in Hall A and Hall B)', () => {
    expect(agenda.halls).toEqual([
      { id: 'main-hall', name: 'Main Hall', code: 'ACSHMAIN' },
      { id: 'hall-b', name: 'Hall B', code: 'ACSHB' },
      { id: 'hall-c', name: 'Hall C', code: 'ACSHC' },
      { id: 'hall-a', name: 'Hall A', code: 'ACSHA' },
    ]);
  });

  it('never books one hall for two sessions at once', () => {
    for (const [hall, rooms] of groupByHall(agenda.rooms)) {
      expect(hall).not.toBeNull();
      for (const [index, room] of rooms.entries()) {
        const next = rooms[index + 1];
        if (next) expect(Date.parse(next.startsAt), `${room.id} overlaps ${next.id} in ${hall}`).toBeGreaterThanOrEqual(Date.parse(room.endsAt));
      }
    }
  });

  it('uses stable lowercase room ids', () => {
    for (const room of agenda.rooms) expect(room.id).toMatch(/^[a-z0-9-]+$/);
  });
});

describe('parseAgendaText', () => {
  const minimal: Agenda = {
    id: 'mini',
    title: 'A small event',
    subtitle: '',
    venue: '',
    timezone: 'UTC',
    audienceCode: 'MINI1',
    delegations: [],
    halls: [],
    rooms: [
      {
        id: 'room-1',
        title: 'Opening',
        kind: 'plenary',
        description: '',
        hall: null,
        startsAt: '2024-01-01T09:00:00Z',
        endsAt: '2024-01-01T10:00:00Z',
        turnMinutes: 3,
        timers: [],
        moderators: [],
        speakers: [],
        parent: null,
      },
    ],
  };

  it('accepts the same agenda as JSON and as YAML, applying the schema defaults', () => {
    const json = parseAgendaText(JSON.stringify({ ...minimal, audienceCode: '#mini1' }), 'json');
    expect(json).toEqual({ ok: true, value: minimal });
    const yaml = parseAgendaText(
      'id: mini\ntitle: A small event\naudienceCode: MINI1\nrooms:\n  - id: room-1\n    title: Opening\n    kind: plenary\n' +
        '    startsAt: "2024-01-01T09:00:00Z"\n    endsAt: "2024-01-01T10:00:00Z"\n',
      'yaml',
    );
    expect(yaml).toEqual({ ok: true, value: minimal });
  });

  it('still imports an agenda written before halls: a location names a hall, created once by its name', () => {
    const rooms = [
      { ...minimal.rooms[0], hall: undefined, location: 'Main Hall' },
      { ...minimal.rooms[0], id: 'room-2', hall: undefined, location: 'main hall' },
      { ...minimal.rooms[0], id: 'room-3', hall: undefined, location: 'Hall B' },
      { ...minimal.rooms[0], id: 'room-4', hall: undefined, location: '' },
    ];
    const result = parseAgendaText(JSON.stringify({ ...minimal, halls: undefined, rooms }), 'json');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.halls).toEqual([
      { id: 'main-hall', name: 'Main Hall' },
      { id: 'hall-b', name: 'Hall B' },
    ]);
    expect(result.value.rooms.map((room) => room.hall)).toEqual(['main-hall', 'main-hall', 'hall-b', null]);
    expect(result.value.rooms.some((room) => 'location' in room)).toBe(false);
  });

  it('refuses a room whose hall the agenda does not have, naming the field', () => {
    const result = parseAgendaText(JSON.stringify({ ...minimal, rooms: [{ ...minimal.rooms[0], hall: 'atrium' }] }), 'json');
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', message: expect.stringContaining('rooms[0].hall') } });
  });

  it('refuses a hall join code equal to the audience code or another hall\'s', () => {
    const halls = [
      { id: 'a', name: 'A', code: 'MINI1' },
      { id: 'b', name: 'B', code: 'HALLB' },
    ];
    expect(parseAgendaText(JSON.stringify({ ...minimal, halls }), 'json')).toMatchObject({ ok: false, error: { message: expect.stringContaining('MINI1') } });
    const twice = [...halls.slice(1), { id: 'c', name: 'C', code: 'hallb' }];
    expect(parseAgendaText(JSON.stringify({ ...minimal, halls: twice }), 'json')).toMatchObject({ ok: false, error: { message: expect.stringContaining('HALLB') } });
  });

  it('refuses YAML with bad syntax', () => {
    const result = parseAgendaText('id: acsh\nrooms: [unclosed', 'yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_input');
  });

  it('refuses YAML with a duplicated key rather than silently keeping one', () => {
    const result = parseAgendaText('id: one\nid: two\n', 'yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('YAML') });
  });

  it('refuses JSON with bad syntax', () => {
    const result = parseAgendaText('{"id": "acsh-2023",', 'json');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'invalid_input', message: expect.stringContaining('JSON') });
  });

  it('refuses a schema violation and names where it is', () => {
    const broken = { ...minimal, rooms: [{ ...minimal.rooms[0], kind: 'cocktail' }] };
    const result = parseAgendaText(JSON.stringify(broken), 'json');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid_input');
      expect(result.error.message).toContain('rooms[0].kind');
    }
  });

  it('names only the first few problems of a badly broken file', () => {
    const result = parseAgendaText('rooms: []\n', 'yaml');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.message).toContain('id:');
      expect(result.error.message).toMatch(/and \d+ more/);
    }
  });

  it('refuses an empty file and a file that is not an object', () => {
    for (const [text, format] of [['', 'yaml'], ['[]', 'json'], ['"text"', 'json']] as const) {
      const result = parseAgendaText(text, format);
      expect(result.ok, JSON.stringify(text)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_input');
    }
  });

  it('round-trips the demo agenda through JSON', () => {
    expect(parseAgendaText(JSON.stringify(agenda), 'json')).toEqual({ ok: true, value: agenda });
  });
});
