import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { AgendaSchema, type Agenda } from '../../shared/model/event.ts';
import { icalendar, roomJoinUrl, type CalendarScope } from '../../server/interop/icalendar.ts';

const agenda: Agenda = AgendaSchema.parse({
  id: 'acsh-2023',
  title: 'Astana Civil Service Hub Conference, 2023',
  venue: 'Astana',
  timezone: 'Asia/Almaty',
  audienceCode: 'ACSH23',
  rooms: [
    {
      id: 'panel-1',
      title: 'Panel 1: Meritocracy; integrity, innovation',
      kind: 'panel',
      location: 'Main Hall',
      description: 'Seven panellists, ten minutes each.\nThen open discussion.',
      startsAt: '2023-05-17T11:30:00+06:00',
      endsAt: '2023-05-17T13:30:00+06:00',
      speakers: [{ name: 'Алия Сарсенбаева', organisation: 'Агентство по делам государственной службы Республики Казахстан' }],
    },
    { id: 'roundtable-1', title: 'Roundtable 1', kind: 'roundtable', location: 'Hall B', startsAt: '2023-05-18T10:00:00+06:00', endsAt: '2023-05-18T12:00:00+06:00' },
  ],
});

const PUBLIC_URL = 'https://plenary.example.org';

function feed(scope: CalendarScope, revision = 3): string {
  return icalendar({ agenda, scope, revision, updatedAtMs: Date.UTC(2023, 4, 1, 9), publicUrl: PUBLIC_URL });
}

/** The feed as an independent parser (Mozilla's ical.js) reads it, times resolved through its own VTIMEZONE. */
function parsed(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const zone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(new ICAL.Timezone(zone));
  return calendar.getAllSubcomponents('vevent').map((component) => new ICAL.Event(component));
}

describe('the agenda as iCalendar', () => {
  it('an event feed has every session at its real instant, through the VTIMEZONE it carries', () => {
    const events = parsed(feed({ kind: 'event' }));
    expect(events.map((event) => event.summary)).toEqual(agenda.rooms.map((room) => room.title));
    events.forEach((event, i) => {
      expect(event.startDate.zone?.tzid).toBe('Asia/Almaty');
      expect(event.startDate.toUnixTime() * 1000).toBe(Date.parse(agenda.rooms[i]!.startsAt));
      expect(event.endDate.toUnixTime() * 1000).toBe(Date.parse(agenda.rooms[i]!.endsAt));
    });
  });

  it('each entry has a stable UID, the join link, the hall and the speakers; the revision is its SEQUENCE', () => {
    const [panel] = parsed(feed({ kind: 'event' }, 7));
    expect(panel!.uid).toBe('panel-1.acsh-2023@plenary.example.org');
    expect(panel!.sequence).toBe(7);
    expect(panel!.location).toBe('Main Hall, Astana');
    expect(panel!.description).toContain('Then open discussion.');
    expect(panel!.description).toContain('Алия Сарсенбаева');
    expect(panel!.description).toContain(`Join: ${roomJoinUrl(PUBLIC_URL, 'acsh-2023', 'panel-1')}`);
    expect(panel!.component.getFirstPropertyValue('url')).toBe(`${PUBLIC_URL}/e/acsh-2023/r/panel-1`);
    expect(parsed(feed({ kind: 'event' }, 8))[0]!.uid).toBe(panel!.uid);
  });

  it('a hall’s feed holds its sessions only; a session’s feed holds that session', () => {
    expect(parsed(feed({ kind: 'hall', hallId: 'hall-b' })).map((event) => event.uid)).toEqual(['roundtable-1.acsh-2023@plenary.example.org']);
    expect(parsed(feed({ kind: 'room', roomId: 'panel-1' })).map((event) => event.uid)).toEqual(['panel-1.acsh-2023@plenary.example.org']);
  });

  it('writes CRLF lines of at most 75 octets, folded between characters, and escapes TEXT', () => {
    const text = feed({ kind: 'event' });
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n').slice(0, -1);
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(text).not.toContain('\uFFFD');
    const unfolded = text.replace(/\r\n /g, '');
    expect(unfolded).toContain('SUMMARY:Panel 1: Meritocracy\\; integrity\\, innovation');
    expect(unfolded).toContain('Агентство по делам государственной службы Республики Казахстан');
  });
});
