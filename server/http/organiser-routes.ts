import { Router, json, text, type Response } from 'express';
import { z } from 'zod';
import { refuse, type Result } from '../../shared/errors.ts';
import { AgendaRoomSchema, AgendaSchema, type Agenda } from '../../shared/model/event.ts';
import type { EventListItem } from '../../shared/model/report.ts';
import { CreateInviteSchema } from '../../shared/protocol/http.ts';
import { randomSecret } from '../auth/secrets.ts';
import { parseAgendaText, type AgendaFormat } from '../demo/load-demo.ts';
import { inviteUrl, ensureInvites } from '../live/invites.ts';
import type { Runtime } from '../runtime.ts';
import type { Invite } from '../store/store.ts';
import { requireAdmin } from './admin-auth.ts';
import { describeZodError, sendError, sendRefusal } from './http-errors.ts';

const AGENDA_BODY_LIMIT = '1mb';

const PeoplePageSchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});

/** Saves an agenda after the checks a schema cannot make alone: ids stay put, codes stay unique. */
async function saveAgenda(runtime: Runtime, agenda: Agenda, mode: 'create' | 'replace' | 'upsert'): Promise<Result<Agenda>> {
  const existing = await runtime.events.agenda(agenda.id);
  if (mode === 'create' && existing) return refuse('conflict', `An event with id "${agenda.id}" exists already.`);
  if (mode === 'replace' && !existing) return refuse('not_found', 'No such event.');
  const holder = await runtime.events.byCode(agenda.audienceCode);
  if (holder && holder.id !== agenda.id) return refuse('conflict', `The audience code #${agenda.audienceCode} is taken by another event.`);
  // Live room state is kept per room id, so a room id belongs to one event only.
  const roomIds = new Set(agenda.rooms.map((room) => room.id));
  for (const { agenda: other } of await runtime.store.listEvents()) {
    const shared = other.id === agenda.id ? undefined : other.rooms.find((room) => roomIds.has(room.id));
    if (shared) return refuse('conflict', `The room id "${shared.id}" is used by the event "${other.id}"; room ids are unique across events.`);
  }
  await runtime.events.save(agenda, runtime.now());
  await ensureInvites(runtime.store, agenda, runtime.now());
  return { ok: true, value: agenda };
}

function respond(res: Response, result: Result<Agenda>, status = 200): void {
  if (result.ok) res.status(status).json(result.value);
  else sendRefusal(res, result);
}

function formatOf(contentType: string | undefined): AgendaFormat {
  return contentType?.includes('json') ? 'json' : 'yaml';
}

/** The organiser's REST API: events, agenda import, rooms, invites and people. */
export function organiserRoutes(runtime: Runtime): Router {
  const router = Router();
  router.use('/api/events', requireAdmin(runtime.adminToken));
  router.use('/api/agenda', requireAdmin(runtime.adminToken));

  router.get('/api/events', async (_req, res) => {
    const events = await runtime.store.listEvents();
    const list: EventListItem[] = events.map(({ agenda }) => ({ id: agenda.id, title: agenda.title, audienceCode: agenda.audienceCode, rooms: agenda.rooms.length }));
    res.json(list);
  });

  router.post('/api/events', json({ limit: AGENDA_BODY_LIMIT }), async (req, res) => {
    const parsed = AgendaSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    respond(res, await saveAgenda(runtime, parsed.data, 'create'), 201);
  });

  router.put('/api/events/:eventId', json({ limit: AGENDA_BODY_LIMIT }), async (req, res) => {
    const parsed = AgendaSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    if (parsed.data.id !== req.params.eventId) return sendError(res, 'invalid_input', 'The agenda id must match the URL.');
    respond(res, await saveAgenda(runtime, parsed.data, 'replace'));
  });

  /** Import: the body is the agenda file itself, YAML or JSON (by Content-Type); creates or replaces. */
  router.post(
    '/api/agenda',
    text({ type: ['text/*', 'application/yaml', 'application/x-yaml', 'application/json'], limit: AGENDA_BODY_LIMIT }),
    async (req, res) => {
      if (typeof req.body !== 'string' || req.body.length === 0) {
        return sendError(res, 'invalid_input', 'Send the agenda file as the request body (Content-Type: application/yaml or application/json).');
      }
      const agenda = parseAgendaText(req.body, formatOf(req.get('content-type')));
      if (!agenda.ok) return sendRefusal(res, agenda);
      respond(res, await saveAgenda(runtime, agenda.value, 'upsert'));
    },
  );

  router.post('/api/events/:eventId/rooms', json({ limit: '64kb' }), async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const room = AgendaRoomSchema.safeParse(req.body);
    if (!room.success) return sendError(res, 'invalid_input', describeZodError(room.error));
    if (agenda.rooms.some((r) => r.id === room.data.id)) return sendError(res, 'conflict', `Room "${room.data.id}" exists already.`);
    respond(res, await saveAgenda(runtime, { ...agenda, rooms: [...agenda.rooms, room.data] }, 'replace'), 201);
  });

  router.patch('/api/events/:eventId/rooms/:roomId', json({ limit: '64kb' }), async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    const current = agenda?.rooms.find((r) => r.id === req.params.roomId);
    if (!agenda || !current) return sendError(res, 'not_found', 'No such room.');
    const room = AgendaRoomSchema.safeParse({ ...current, ...req.body, id: current.id });
    if (!room.success) return sendError(res, 'invalid_input', describeZodError(room.error));
    const rooms = agenda.rooms.map((r) => (r.id === current.id ? room.data : r));
    respond(res, await saveAgenda(runtime, { ...agenda, rooms }, 'replace'));
  });

  router.get('/api/events/:eventId/invites', async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const invites = await runtime.store.listInvites(agenda.id);
    res.json(invites.map((invite) => ({ role: invite.role, roomId: invite.roomId, url: inviteUrl(runtime.config.publicUrl, invite) })));
  });

  router.post('/api/events/:eventId/invites', json({ limit: '4kb' }), async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const parsed = CreateInviteSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    const { role, roomId } = parsed.data;
    if (roomId !== null && !agenda.rooms.some((r) => r.id === roomId)) return sendError(res, 'not_found', 'No such room.');
    const invite: Invite = { secret: randomSecret(18), eventId: agenda.id, role, roomId, createdAtMs: runtime.now() };
    await runtime.store.saveInvite(invite);
    res.status(201).json({ role, roomId, url: inviteUrl(runtime.config.publicUrl, invite) });
  });

  // A page at a time: a large event, or a flood of joins, must not make one answer of every person.
  router.get('/api/events/:eventId/people', async (req, res) => {
    if (!(await runtime.events.agenda(req.params.eventId))) return sendError(res, 'not_found', 'No such event.');
    const page = PeoplePageSchema.safeParse(req.query);
    if (!page.success) return sendError(res, 'invalid_input', describeZodError(page.error));
    res.set('x-total-count', String(await runtime.store.countPeople(req.params.eventId)));
    res.json(await runtime.store.listPeople(req.params.eventId, page.data));
  });
  return router;
}
