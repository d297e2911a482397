import { describe, expect, it, onTestFinished } from 'vitest';
import type { AgendaAtRevision } from '../../shared/model/event.ts';
import type { ImportProblem, ImportSummary } from '../../shared/protocol/import.ts';
import { csvTemplate } from '../../server/interop/csv-agenda.ts';
import { frabSchedule, pretalxSchedule } from '../interop/fixtures/schedules.ts';
import { ok, startPlenary, type TestServer } from '../support/plenary.ts';
import { startRedisServer } from '../support/redis-server.ts';

type Imported = { summary: ImportSummary; agenda: AgendaAtRevision };
type Refused = { error: { code: string; message: string; problems?: ImportProblem[] } };

function post(plenary: TestServer, path: string, body: string, contentType: string, headers: Record<string, string> = {}) {
  return plenary.admin(path, { method: 'POST', headers: { 'content-type': contentType, ...headers }, body });
}

const KEYNOTE = 'fsc24-a1f0c2de-1111-5abc-8def-000000000001';

/** Import, put a speaker on a session's list and create a poll in it, re-import unchanged, then with a new title. */
async function reimportKeepsLiveState(plenary: TestServer): Promise<void> {
  const created = (await (await post(plenary, '/api/events/fsc24/import', JSON.stringify(pretalxSchedule()), 'application/json')).json()) as Imported;
  const invites = (await (await plenary.admin('/api/events/fsc24/invites')).json()) as Array<{ role: string; roomId: string | null; url: string }>;
  const invite = invites.find((i) => i.role === 'moderator' && i.roomId === KEYNOTE)?.url.split('/join/')[1] ?? '';
  const chair = await plenary.person({ invite, name: 'Chair' });
  await ok(chair.socket, 'room.join', { roomId: KEYNOTE });
  await ok(chair.socket, 'floor.add', { speaker: { name: 'Ada Brandt' } });
  await ok(chair.socket, 'poll.create', { question: 'More keynotes?', spec: { kind: 'single', options: ['Yes', 'No'] } });

  const again = await post(plenary, '/api/events/fsc24/import', JSON.stringify(pretalxSchedule()), 'application/json');
  expect(again.status).toBe(200);
  const same = (await again.json()) as Imported;
  expect(same.summary).toMatchObject({ created: false, added: [], updated: [], unchanged: 4, revision: created.agenda.revision });
  expect(same.agenda.rooms.map((room) => room.id)).toEqual(created.agenda.rooms.map((room) => room.id));

  const edited = pretalxSchedule();
  edited.schedule.conference.days[0]!.rooms['Saal 1']![0]!.title = 'Opening keynote: we own our tools';
  const changed = (await (await post(plenary, '/api/events/fsc24/import', JSON.stringify(edited), 'application/json')).json()) as Imported;
  expect(changed.summary.updated).toEqual([{ id: KEYNOTE, title: 'Opening keynote: we own our tools' }]);
  expect(changed.agenda.revision).toBe(created.agenda.revision + 1);

  const snapshot = await ok(chair.socket, 'room.snapshot', {});
  expect(snapshot.room.title).toBe('Opening keynote: we own our tools');
  expect(snapshot.state.floor.queue.map((request) => request.speaker.name)).toEqual(['Ada Brandt']);
  expect(snapshot.state.polls.map((poll) => poll.question)).toEqual(['More keynotes?']);
}

describe('importing a programme over HTTP', () => {
  it('creates an event from a pretalx schedule.json, with invites for its sessions', async () => {
    const plenary = await startPlenary();
    const response = await post(plenary, '/api/events/fsc24/import?defaultKind=breakout', JSON.stringify(pretalxSchedule()), 'application/json');
    expect(response.status).toBe(201);
    const { summary, agenda } = (await response.json()) as Imported;
    expect(response.headers.get('etag')).toBe(`"${agenda.revision}"`);
    expect(summary).toMatchObject({ eventId: 'fsc24', created: true, unchanged: 0, hallsAdded: ['Saal 1', 'Workshop Room'] });
    expect(summary.added).toHaveLength(4);
    expect(agenda).toMatchObject({ title: 'Free Software Conference 2024', timezone: 'Europe/Berlin', audienceCode: 'FSC24' });
    expect(agenda.rooms.find((room) => room.externalId?.endsWith('04'))?.kind).toBe('breakout');
    const invites = (await (await plenary.admin('/api/events/fsc24/invites')).json()) as Array<{ role: string; roomId: string | null }>;
    expect(invites).toContainEqual(expect.objectContaining({ role: 'moderator', roomId: KEYNOTE }));
  });

  it('a re-import leaves the revision and live state alone; a changed title updates the same room, whose speakers and poll stay', async () => {
    await reimportKeepsLiveState(await startPlenary());
  });

  it('the same on the Redis store', async () => {
    const redis = await startRedisServer();
    // After the server's own teardown (afterEach), which still talks to this Redis.
    onTestFinished(() => redis.dispose());
    await reimportKeepsLiveState(await startPlenary({ REDIS_URL: redis.url }));
  });

  it('takes ?format=schedule-json whatever the content type, and follows If-Match', async () => {
    const plenary = await startPlenary();
    const created = await post(plenary, '/api/events/civic23/import?format=schedule-json', JSON.stringify(frabSchedule()), 'text/plain');
    expect(created.status).toBe(201);
    const stale = await post(plenary, '/api/events/civic23/import', JSON.stringify(frabSchedule()).replace('Hack night', 'Hack night!'), 'application/json', { 'if-match': '"0"' });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as Refused).error.code).toBe('conflict');
  });

  it('refuses a schedule with problems, listing each at its path, and stores nothing', async () => {
    const plenary = await startPlenary();
    const schedule = pretalxSchedule();
    schedule.schedule.conference.days[1]!.rooms['Saal 1']![0]!.duration = '25:99';
    schedule.schedule.conference.days[0]!.rooms['Workshop Room']![0]!.room = 'Saal 1';
    const response = await post(plenary, '/api/events/fsc24/import', JSON.stringify(schedule), 'application/json');
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as Refused;
    expect(error.code).toBe('invalid_input');
    expect(error.problems).toEqual([
      { path: 'schedule.conference.days[0].rooms.Workshop Room[0].room', message: 'the event says room "Saal 1" but is listed under "Workshop Room"' },
      { path: 'schedule.conference.days[1].rooms.Saal 1[0].duration', message: '"25:99" is not a duration HH:MM' },
    ]);
    expect(error.message).toMatch(/^2 problems in the file; nothing was imported\. schedule\.conference\.days\[0\]/);
    expect((await plenary.admin('/api/events/fsc24')).status).toBe(404);
  });

  it('refuses an unknown time zone and overlapping sessions with invalid_input, the event unchanged', async () => {
    const plenary = await startPlenary();
    const created = (await (await post(plenary, '/api/events/civic23/import', JSON.stringify(frabSchedule()), 'application/json')).json()) as Imported;
    const zone = frabSchedule();
    zone.schedule.conference.time_zone_name = 'Mars/Olympus_Mons';
    const clash = frabSchedule();
    clash.schedule.conference.days[0]!.rooms.Auditorium![1]!.date = '2023-11-27T10:00:00-05:00';
    clash.schedule.conference.days[0]!.rooms.Auditorium![1]!.start = '10:00';
    for (const schedule of [zone, clash]) {
      const response = await post(plenary, '/api/events/civic23/import', JSON.stringify(schedule), 'application/json');
      expect(response.status).toBe(400);
      expect(((await response.json()) as Refused).error.problems?.[0]?.path).toMatch(/^schedule\.conference\.(time_zone_name|days\[0\]\.rooms\.Auditorium\[1\])$/);
    }
    const agenda = (await (await plenary.admin('/api/events/civic23')).json()) as AgendaAtRevision;
    expect(agenda.revision).toBe(created.agenda.revision);
  });

  it('refuses a 5 MB body with invalid_input saying how much an import takes', async () => {
    const plenary = await startPlenary();
    const huge = JSON.stringify({ schedule: { conference: { padding: 'x'.repeat(5 * 1024 * 1024) } } });
    const response = await post(plenary, '/api/events/fsc24/import', huge, 'application/json');
    expect(response.status).toBe(400);
    expect(((await response.json()) as Refused).error).toEqual({ code: 'invalid_input', message: 'The file is larger than 1 MB, the most an import takes; nothing was imported.' });
  });

  it('imports the CSV template into a new event, and names the row and column of a problem', async () => {
    const plenary = await startPlenary();
    const template = await fetch(`${plenary.url}/api/import/template.csv`);
    expect(template.headers.get('content-type')).toMatch(/^text\/csv/);
    const text = await template.text();
    expect(text).toBe(csvTemplate());
    const created = await post(plenary, '/api/events/forum/import?timezone=Asia/Almaty&title=Forum', text, 'text/csv');
    expect(created.status).toBe(201);
    const { agenda } = (await created.json()) as Imported;
    expect(agenda).toMatchObject({ title: 'Forum', timezone: 'Asia/Almaty' });
    expect(agenda.rooms.map((room) => [room.id, room.startsAt, room.turnMinutes])).toEqual([
      ['forum-keynote-1', '2023-05-17T10:30:00+06:00', 30],
      ['forum-panel-1', '2023-05-17T11:30:00+06:00', 10],
    ]);

    const broken = text.replace('2023-05-17 11:30', '2023-05-32 11:30');
    const refused = await post(plenary, '/api/events/forum/import', broken, 'text/csv');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Refused).error.problems).toEqual([
      { path: 'row 3, column "starts_at"', message: '"2023-05-32 11:30" is not a date and time such as 2023-05-17 11:30 or 2023-05-17T11:30:00+06:00' },
    ]);
    const missing = await post(plenary, '/api/events/forum/import', 'id;title\n1;A\n', 'text/csv');
    expect(((await missing.json()) as Refused).error.problems?.[0]?.path).toBe('row 1 (header)');
  });

  it('the agenda import tells a schedule.json sent to it where it belongs', async () => {
    const plenary = await startPlenary();
    const response = await post(plenary, '/api/agenda', JSON.stringify(pretalxSchedule()), 'application/json');
    expect(response.status).toBe(400);
    expect(((await response.json()) as Refused).error.message).toMatch(/^This is a schedule\.json \(pretalx, frab\), not a Plenary agenda: import it with POST \/api\/events\/<event id>\/import/);
  });

  it('needs the admin token', async () => {
    const plenary = await startPlenary();
    const response = await fetch(`${plenary.url}/api/events/fsc24/import`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(pretalxSchedule()) });
    expect(response.status).toBe(401);
  });
});
