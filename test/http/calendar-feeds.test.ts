import { describe, expect, it } from 'vitest';
import { startPlenary } from '../support/plenary.ts';

const EVENT = '/api/public/events/acsh-2023';

function summaries(ics: string): string[] {
  return [...ics.replace(/\r\n /g, '').matchAll(/^SUMMARY:(.*)$/gm)].map((match) => match[1]!);
}

describe('calendar feeds', () => {
  it('the event, a hall and a session are public iCalendar feeds; an edit changes them, an unchanged feed answers 304', async () => {
    const plenary = await startPlenary();
    const agenda = (await (await fetch(`${plenary.url}${EVENT}`)).json()) as { rooms: Array<{ id: string; title: string; hall: string | null }> };

    const whole = await fetch(`${plenary.url}${EVENT}/calendar.ics`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const etag = whole.headers.get('etag');
    const text = await whole.text();
    expect(text.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:Asia/Almaty');
    expect(summaries(text)).toHaveLength(agenda.rooms.length);

    const mainHall = agenda.rooms.filter((room) => room.hall === 'main-hall');
    expect(mainHall.length).toBeGreaterThan(1);
    const hall = await (await fetch(`${plenary.url}${EVENT}/halls/main-hall/calendar.ics`)).text();
    expect(summaries(hall)).toEqual(mainHall.map((room) => room.title.replace(/[;,]/g, (c) => `\\${c}`)));
    expect(summaries(await (await fetch(`${plenary.url}${EVENT}/rooms/panel-1/calendar.ics`)).text())).toHaveLength(1);

    expect((await fetch(`${plenary.url}${EVENT}/calendar.ics`, { headers: { 'if-none-match': etag! } })).status).toBe(304);

    const edited = await plenary.admin('/api/events/acsh-2023/rooms/panel-1', {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Panel 1 – moved' }),
    });
    expect(edited.status).toBe(200);
    const after = await fetch(`${plenary.url}${EVENT}/calendar.ics`, { headers: { 'if-none-match': etag! } });
    expect(after.status).toBe(200);
    expect(summaries(await after.text())).toContain('Panel 1 – moved');
  });

  it('an unknown event, hall or session is 404 with a code', async () => {
    const plenary = await startPlenary();
    for (const path of ['/api/public/events/nope/calendar.ics', `${EVENT}/halls/nope/calendar.ics`, `${EVENT}/rooms/nope/calendar.ics`]) {
      const response = await fetch(`${plenary.url}${path}`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    }
  });
});
