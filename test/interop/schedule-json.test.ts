import { describe, expect, it } from 'vitest';
import { readScheduleJson } from '../../server/interop/schedule-json.ts';
import { mergeProgramme, sameAgenda } from '../../server/interop/programme-merge.ts';
import type { Agenda } from '../../shared/model/event.ts';
import { frabSchedule, pretalxSchedule } from './fixtures/schedules.ts';

function imported(document: unknown, eventId: string, defaultKind: 'panel' | 'breakout' = 'panel', existing: Agenda | null = null) {
  const programme = readScheduleJson(document, defaultKind);
  if (!programme.ok) throw new Error(JSON.stringify(programme.problems));
  const merged = mergeProgramme(existing, programme.value, { eventId });
  if (!merged.ok) throw new Error(JSON.stringify(merged.problems));
  return merged.value;
}

function problemsOf(document: unknown) {
  const programme = readScheduleJson(document, 'panel');
  if (programme.ok) throw new Error('the schedule was accepted');
  return programme.problems;
}

const room = { turnMinutes: 3, timers: [], moderators: [], parent: null };

describe('schedule.json (pretalx, frab) as an agenda', () => {
  it('reads a pretalx export: halls from rooms, kinds from types, persons as speakers, Berlin times across midnight and the change to winter time', () => {
    const { agenda, summary } = imported(pretalxSchedule(), 'fsc24');
    expect(agenda).toEqual({
      id: 'fsc24',
      title: 'Free Software Conference 2024',
      subtitle: '',
      venue: '',
      timezone: 'Europe/Berlin',
      audienceCode: 'FSC24',
      delegations: [],
      halls: [
        { id: 'saal-1', name: 'Saal 1' },
        { id: 'workshop-room', name: 'Workshop Room' },
      ],
      rooms: [
        {
          ...room,
          id: 'fsc24-a1f0c2de-1111-5abc-8def-000000000001',
          externalId: 'a1f0c2de-1111-5abc-8def-000000000001',
          title: 'Opening keynote: owning our tools',
          kind: 'keynote',
          description: 'Why a community should own the software it depends on.\n\nA look back at ten years of community infrastructure.',
          hall: 'saal-1',
          startsAt: '2024-10-26T10:00:00+02:00',
          endsAt: '2024-10-26T10:45:00+02:00',
          speakers: [{ name: 'Ada Brandt' }],
        },
        {
          ...room,
          id: 'fsc24-a1f0c2de-1111-5abc-8def-000000000002',
          externalId: 'a1f0c2de-1111-5abc-8def-000000000002',
          title: 'Late night panel: who maintains the maintainers?',
          kind: 'panel',
          description: 'Four maintainers on burnout.',
          hall: 'saal-1',
          startsAt: '2024-10-26T23:30:00+02:00',
          endsAt: '2024-10-27T00:30:00+02:00',
          speakers: [{ name: 'Ada Brandt' }, { name: 'Jonas Weber' }],
        },
        {
          ...room,
          id: 'fsc24-a1f0c2de-1111-5abc-8def-000000000003',
          externalId: 'a1f0c2de-1111-5abc-8def-000000000003',
          title: 'Packaging for distributions',
          kind: 'workshop',
          description: 'Hands-on\n\nBring a laptop.',
          hall: 'workshop-room',
          startsAt: '2024-10-26T14:00:00+02:00',
          endsAt: '2024-10-26T16:00:00+02:00',
          speakers: [{ name: 'Mei Tanaka' }],
        },
        {
          ...room,
          id: 'fsc24-a1f0c2de-1111-5abc-8def-000000000004',
          externalId: 'a1f0c2de-1111-5abc-8def-000000000004',
          title: 'Reproducible builds in practice',
          kind: 'panel',
          description: 'Same source, same binary.',
          hall: 'saal-1',
          startsAt: '2024-10-27T11:00:00+01:00',
          endsAt: '2024-10-27T11:30:00+01:00',
          speakers: [{ name: 'Pierre Lefèvre' }],
        },
      ],
    });
    expect(summary).toMatchObject({ created: true, unchanged: 0, updated: [], notInFile: [], hallsAdded: ['Saal 1', 'Workshop Room'] });
    expect(summary.added.map((session) => session.title)).toHaveLength(4);
  });

  it('reads a frab export: persons with ids and with only a name, the organiser’s default kind, New York times across midnight', () => {
    const { agenda } = imported(frabSchedule(), 'civic23', 'breakout');
    expect(agenda.timezone).toBe('America/New_York');
    expect(agenda.halls).toEqual([
      { id: 'auditorium', name: 'Auditorium' },
      { id: 'room-b', name: 'Room B' },
    ]);
    expect(agenda.rooms.map(({ id, kind, hall, startsAt, endsAt, speakers, description }) => ({ id, kind, hall, startsAt, endsAt, speakers, description }))).toEqual([
      {
        id: 'civic23-2c5e9b5a-3b1d-4f2e-9d0b-7a1e00007001',
        kind: 'breakout',
        hall: 'auditorium',
        startsAt: '2023-11-27T09:00:00-05:00',
        endsAt: '2023-11-27T10:30:00-05:00',
        speakers: [{ name: 'Maria Alvarez' }, { name: 'Tom O’Neill' }],
        description: 'City CIOs compare notes.',
      },
      {
        id: 'civic23-2c5e9b5a-3b1d-4f2e-9d0b-7a1e00007002',
        kind: 'breakout',
        hall: 'auditorium',
        startsAt: '2023-11-27T23:00:00-05:00',
        endsAt: '2023-11-28T01:00:00-05:00',
        speakers: [{ name: 'Sam Lee' }],
        description: 'Code until late.',
      },
      {
        id: 'civic23-2c5e9b5a-3b1d-4f2e-9d0b-7a1e00007003',
        kind: 'breakout',
        hall: 'room-b',
        startsAt: '2023-11-28T10:00:00-05:00',
        endsAt: '2023-11-28T10:50:00-05:00',
        speakers: [],
        description: 'Buying software in public.',
      },
    ]);
  });

  it('a re-import of the same schedule changes nothing; a changed title or time updates the same room id; sessions gone from the file are kept', () => {
    const first = imported(pretalxSchedule(), 'fsc24').agenda;
    const again = imported(pretalxSchedule(), 'fsc24', 'panel', first);
    expect(sameAgenda(again.agenda, first)).toBe(true);
    expect(again.summary).toMatchObject({ created: false, added: [], updated: [], unchanged: 4, hallsAdded: [] });

    const edited = pretalxSchedule();
    const days = edited.schedule.conference.days;
    const keynote = days[0]!.rooms['Saal 1']![0]!;
    keynote.title = 'Opening keynote: we own our tools';
    keynote.date = '2024-10-26T09:30:00+02:00';
    keynote.start = '09:30';
    days[1]!.rooms['Saal 1'] = [];
    const organised = { ...first, rooms: first.rooms.map((r, i) => (i === 0 ? { ...r, turnMinutes: 12 } : r)) };
    const changed = imported(edited, 'fsc24', 'panel', organised);
    expect(changed.summary.updated).toEqual([{ id: 'fsc24-a1f0c2de-1111-5abc-8def-000000000001', title: 'Opening keynote: we own our tools' }]);
    expect(changed.summary.notInFile).toEqual([{ id: 'fsc24-a1f0c2de-1111-5abc-8def-000000000004', title: 'Reproducible builds in practice' }]);
    expect(changed.agenda.rooms.map((r) => r.id)).toEqual(first.rooms.map((r) => r.id));
    expect(changed.agenda.rooms[0]).toMatchObject({ title: 'Opening keynote: we own our tools', startsAt: '2024-10-26T09:30:00+02:00', endsAt: '2024-10-26T10:15:00+02:00', turnMinutes: 12 });
  });

  it('names the JSON path of a duration like 25:99', () => {
    const schedule = pretalxSchedule();
    schedule.schedule.conference.days[1]!.rooms['Saal 1']![0]!.duration = '25:99';
    expect(problemsOf(schedule)).toEqual([{ path: 'schedule.conference.days[1].rooms.Saal 1[0].duration', message: '"25:99" is not a duration HH:MM' }]);
  });

  it('refuses an unknown time zone', () => {
    const schedule = pretalxSchedule();
    schedule.schedule.conference.time_zone_name = 'Europe/Atlantis';
    expect(problemsOf(schedule)).toEqual([{ path: 'schedule.conference.time_zone_name', message: '"Europe/Atlantis" is not an IANA time zone such as Europe/Berlin' }]);
  });

  it('refuses two sessions at once in one room, naming both', () => {
    const schedule = frabSchedule();
    const auditorium = schedule.schedule.conference.days[0]!.rooms.Auditorium!;
    auditorium.push({ ...auditorium[0]!, id: 7009, guid: '2c5e9b5a-3b1d-4f2e-9d0b-7a1e00007009', title: 'Clash', date: '2023-11-27T10:00:00-05:00', start: '10:00', duration: '00:30' });
    const [problem, ...rest] = problemsOf(schedule);
    expect(rest).toEqual([]);
    expect(problem?.path).toBe('schedule.conference.days[0].rooms.Auditorium[2]');
    expect(problem?.message).toContain('"Clash"');
    expect(problem?.message).toContain('"Roundtable: open data in city halls"');
    expect(problem?.message).toContain('schedule.conference.days[0].rooms.Auditorium[0]');
  });

  it('reports every problem of a file at once: a missing title, a start that is not the date’s, a person without a name', () => {
    const schedule = frabSchedule();
    const [first, second] = schedule.schedule.conference.days[0]!.rooms.Auditorium!;
    first!.title = '';
    second!.start = '22:00';
    schedule.schedule.conference.days[1]!.rooms['Room B']![0]!.persons = [{ id: 40 } as never];
    expect(problemsOf(schedule).map((problem) => problem.path)).toEqual([
      'schedule.conference.days[0].rooms.Auditorium[0].title',
      'schedule.conference.days[0].rooms.Auditorium[1].start',
      'schedule.conference.days[1].rooms.Room B[0].persons[0]',
    ]);
  });

  it('tells Plenary’s own agenda and other JSON from a schedule', () => {
    expect(problemsOf({ id: 'x', rooms: [] })).toEqual([{ path: 'schedule', message: 'not a schedule.json: it has no "schedule" object' }]);
  });
});
