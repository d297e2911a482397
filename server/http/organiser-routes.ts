import { Router, json, text, type Request, type Response } from 'express';
import { accept, refuse, type Result } from '../../shared/errors.ts';
import { AgendaRoomChangeSchema, AgendaRoomSchema, AgendaSchema, type Agenda, type AgendaAtRevision } from '../../shared/model/event.ts';
import type { EventListItem } from '../../shared/model/report.ts';
import { CreateInviteSchema, PeoplePageSchema } from '../../shared/protocol/http.ts';
import { inviteIdOf, randomSecret } from '../auth/secrets.ts';
import { parseAgendaText, type AgendaFormat } from '../demo/load-demo.ts';
import { agendaSaved } from '../live/agenda-changes.ts';
import { hallRemovalRefusal } from '../live/hall-removal.ts';
import { ensureInvites, inviteView, revokeInvite } from '../live/invites.ts';
import type { Runtime } from '../runtime.ts';
import type { Invite } from '../store/store.ts';
import { requireAdmin } from './admin-auth.ts';
import { withRoomAdded, withRoomChanged } from './agenda-edits.ts';
import { describeZodError, sendError, sendRefusal } from './http-errors.ts';

/** The most an agenda or programme file may weigh: 200 sessions with long descriptions fit well within it. */
export const AGENDA_BODY_LIMIT = '1mb';

/** The revision an `If-Match` header names (`"3"`, or `W/"3"`); null without one, or for `*` (any). */
export function ifMatchRevision(req: Request): Result<number | null> {
  const header = req.get('if-match')?.trim();
  if (header === undefined || header === '*') return accept(null);
  const revision = /^(?:W\/)?"?(\d{1,15})"?$/.exec(header)?.[1];
  if (revision === undefined) return refuse('invalid_input', 'If-Match must name one revision of the event, e.g. If-Match: "3".');
  return accept(Number(revision));
}

/** Creates the standard invites of the rooms a saved agenda newly names. */
async function afterSave(runtime: Runtime, result: Result<AgendaAtRevision>, before: Agenda | null = null): Promise<Result<AgendaAtRevision>> {
  if (result.ok) {
    await ensureInvites(runtime.store, result.value, runtime.now());
    await agendaSaved(runtime, before, result.value);
  }
  return result;
}

/**
 * The agenda before a save, to tell what the save changed (a room's turn length). Read just
 * before: a save landing in between makes the comparison against that one's predecessor.
 */
async function agendaBefore(runtime: Runtime, eventId: string): Promise<Agenda | null> {
  return runtime.events.revised(eventId);
}

function respond(res: Response, result: Result<AgendaAtRevision>, status = 200): void {
  if (!result.ok) return sendRefusal(res, result);
  res.set('ETag', `"${result.value.revision}"`).status(status).json(result.value);
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
    respond(res, await afterSave(runtime, await runtime.events.save(parsed.data, runtime.now(), 'absent')), 201);
  });

  router.get('/api/events/:eventId', async (req, res) => {
    const agenda = await runtime.events.revised(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    respond(res, accept(agenda));
  });

  router.put('/api/events/:eventId', json({ limit: AGENDA_BODY_LIMIT }), async (req, res) => {
    const parsed = AgendaSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    if (parsed.data.id !== req.params.eventId) return sendError(res, 'invalid_input', 'The agenda id must match the URL.');
    const ifRevision = ifMatchRevision(req);
    if (!ifRevision.ok) return sendRefusal(res, ifRevision);
    const expected = ifRevision.value === null ? 'present' : { revision: ifRevision.value };
    const before = await agendaBefore(runtime, parsed.data.id);
    const watched = await hallRemovalRefusal(runtime, before, parsed.data);
    if (watched) return sendRefusal(res, watched);
    respond(res, await afterSave(runtime, await runtime.events.save(parsed.data, runtime.now(), expected), before));
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
      const before = await agendaBefore(runtime, agenda.value.id);
      const watched = await hallRemovalRefusal(runtime, before, agenda.value);
      if (watched) return sendRefusal(res, watched);
      respond(res, await afterSave(runtime, await runtime.events.save(agenda.value, runtime.now(), 'any'), before));
    },
  );

  router.post('/api/events/:eventId/rooms', json({ limit: '64kb' }), async (req, res) => {
    const room = AgendaRoomSchema.safeParse(req.body);
    if (!room.success) return sendError(res, 'invalid_input', describeZodError(room.error));
    const ifRevision = ifMatchRevision(req);
    if (!ifRevision.ok) return sendRefusal(res, ifRevision);
    const edit = (agenda: Agenda) => withRoomAdded(agenda, room.data);
    const saved = await runtime.events.edit(req.params.eventId, edit, runtime.now(), ifRevision.value);
    // The new room's invites only: a room added at the same moment gets its own from its request, not twice.
    if (saved.ok) await ensureInvites(runtime.store, { ...saved.value, rooms: [room.data] }, runtime.now());
    if (saved.ok) await agendaSaved(runtime, null, saved.value);
    respond(res, saved, 201);
  });

  router.patch('/api/events/:eventId/rooms/:roomId', json({ limit: '64kb' }), async (req, res) => {
    const change = AgendaRoomChangeSchema.safeParse(req.body);
    if (!change.success) return sendError(res, 'invalid_input', describeZodError(change.error));
    if (change.data.id !== undefined && change.data.id !== req.params.roomId) return sendError(res, 'invalid_input', 'A room id cannot change.');
    const ifRevision = ifMatchRevision(req);
    if (!ifRevision.ok) return sendRefusal(res, ifRevision);
    let before: Agenda | null = null;
    const edit = (agenda: Agenda) => {
      before = agenda;
      return withRoomChanged(agenda, req.params.roomId, change.data);
    };
    const saved = await runtime.events.edit(req.params.eventId, edit, runtime.now(), ifRevision.value);
    // A location may have named a new hall: its display invite.
    if (saved.ok) await ensureInvites(runtime.store, { ...saved.value, rooms: [] }, runtime.now());
    if (saved.ok) await agendaSaved(runtime, before, saved.value);
    respond(res, saved);
  });

  router.get('/api/events/:eventId/invites', async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const invites = await runtime.store.listInvites(agenda.id);
    res.json(invites.map((invite) => inviteView(runtime.config.publicUrl, invite)));
  });

  router.post('/api/events/:eventId/invites', json({ limit: '4kb' }), async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const parsed = CreateInviteSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    const { role, roomId, hallId, label } = parsed.data;
    if (roomId !== null && !agenda.rooms.some((r) => r.id === roomId)) return sendError(res, 'not_found', 'No such room.');
    if (hallId !== null) {
      if (role !== 'display') return sendError(res, 'invalid_input', 'hallId: only a display is invited for a hall.');
      if (roomId !== null) return sendError(res, 'invalid_input', 'hallId: a hall display invite names no room (roomId null).');
      if (!agenda.halls.some((hall) => hall.id === hallId)) return sendError(res, 'invalid_input', `hallId: the event has no hall "${hallId}".`);
    }
    const invite: Invite = { secret: randomSecret(18), eventId: agenda.id, role, roomId, hallId, label, revokedAtMs: null, createdAtMs: runtime.now() };
    await runtime.store.saveInvite(invite);
    res.status(201).json(inviteView(runtime.config.publicUrl, invite));
  });

  const revoke = async (req: Request<{ eventId: string; inviteId: string }>, res: Response) => {
    const invites = await runtime.store.listInvites(req.params.eventId);
    const invite = invites.find((i) => inviteIdOf(i.secret) === req.params.inviteId);
    if (!invite) return sendError(res, 'not_found', 'This event has no invite with that id.');
    await revokeInvite(runtime, invite);
    res.json(inviteView(runtime.config.publicUrl, (await runtime.store.findInvite(invite.secret)) ?? invite));
  };
  router.delete('/api/events/:eventId/invites/:inviteId', revoke);
  router.post('/api/events/:eventId/invites/:inviteId/revoke', revoke);

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
