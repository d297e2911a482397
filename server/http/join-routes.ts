import { Router, json } from 'express';
import { refuse, type Result } from '../../shared/errors.ts';
import type { Person } from '../../shared/model/person.ts';
import type { Agenda } from '../../shared/model/event.ts';
import { JoinRequestSchema, type InviteGrant, type PublicAgenda } from '../../shared/protocol/http.ts';
import { inviteIdOf, secretsEqual } from '../auth/secrets.ts';
import { newId } from '../live/ids.ts';
import type { Runtime } from '../runtime.ts';
import type { Invite } from '../store/store.ts';
import { memoryLimiters } from '../transport/rate-limits.ts';
import { describeZodError, sendError, sendRefusal } from './http-errors.ts';
import { JoinLimit } from './join-limit.ts';
import type { z } from 'zod';

const DISPLAY_NAME = 'Display';
const REVOKED_INVITE_JOIN_MESSAGE = 'This invite link was revoked by the organiser. Ask them for a new link.';

type Grant = Pick<Person, 'eventId' | 'role' | 'roomId' | 'hallId' | 'inviteId'>;

/**
 * An invite that still lets someone in: not revoked, and its room or hall still in the programme
 * (a hall or session removed from the agenda leaves its invites behind; the same id added back
 * makes them work again).
 */
async function usableInvite(runtime: Runtime, secret: string): Promise<Result<Invite>> {
  const invite = await runtime.store.findInvite(secret);
  if (!invite) return refuse('unauthenticated', 'This invite link is not valid.');
  if (invite.revokedAtMs !== null) return refuse('unauthenticated', REVOKED_INVITE_JOIN_MESSAGE);
  const agenda = await runtime.events.agenda(invite.eventId);
  if (!agenda) return refuse('not_found', 'The event of this invite link no longer exists.');
  if (invite.hallId !== null && !agenda.halls.some((hall) => hall.id === invite.hallId)) {
    return refuse('not_found', 'The hall of this invite link is no longer in the programme. Ask the organiser for a new link.');
  }
  if (invite.roomId !== null && !agenda.rooms.some((room) => room.id === invite.roomId)) {
    return refuse('not_found', 'The session of this invite link is no longer in the programme. Ask the organiser for a new link.');
  }
  return { ok: true, value: invite };
}

async function grantFor(runtime: Runtime, request: z.output<typeof JoinRequestSchema>): Promise<Result<Grant>> {
  if ('code' in request) {
    const agenda = await runtime.events.byCode(request.code);
    // A code is a credential like an invite: a wrong one is unauthenticated, whatever it names.
    if (!agenda) return refuse('unauthenticated', `No event has the audience code #${request.code}.`);
    return { ok: true, value: { eventId: agenda.id, role: 'audience', roomId: null } };
  }
  if ('invite' in request) {
    const usable = await usableInvite(runtime, request.invite);
    if (!usable.ok) return usable;
    const invite = usable.value;
    const hall = invite.hallId === null ? {} : { hallId: invite.hallId };
    return { ok: true, value: { eventId: invite.eventId, role: invite.role, roomId: invite.roomId, ...hall, inviteId: inviteIdOf(invite.secret) } };
  }
  if (!secretsEqual(request.adminToken, runtime.adminToken)) return refuse('unauthenticated', 'Wrong admin token.');
  if (!(await runtime.events.agenda(request.eventId))) return refuse('not_found', 'No such event.');
  return { ok: true, value: { eventId: request.eventId, role: 'organiser', roomId: null } };
}

/** Joining: a credential and a display name in, a signed session token for the socket out. */
export function joinRoutes(runtime: Runtime): Router {
  const router = Router();
  const joinLimit = new JoinLimit(runtime.scaleOut?.limiters() ?? memoryLimiters, runtime.config.joinsPerMinute);
  // Before the body is even parsed: a refused join costs the server as little as possible.
  router.post('/api/join', async (req, res, next) => {
    const limited = await joinLimit.check(req.ip ?? req.socket.remoteAddress ?? 'unknown');
    if (limited) return sendRefusal(res, limited);
    next();
  });
  router.post('/api/join', json({ limit: '4kb' }), async (req, res) => {
    const parsed = JoinRequestSchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    const grant = await grantFor(runtime, parsed.data);
    if (!grant.ok) return sendRefusal(res, grant);
    const { organisation, country, attendance } = parsed.data;
    // A screen is not a person filling in a form: it is named for what it is.
    const name = parsed.data.name ?? (grant.value.role === 'display' ? DISPLAY_NAME : undefined);
    if (name === undefined) return sendError(res, 'invalid_input', 'name: give your name to join with this invite.');
    const person: Person = {
      id: newId('u'),
      ...grant.value,
      name,
      organisation: organisation ?? null,
      country: country ?? null,
      attendance,
      createdAtMs: runtime.now(),
    };
    await runtime.store.savePerson(person);
    const token = await runtime.tokens.sign({ personId: person.id, eventId: person.eventId });
    res.status(201).json({ token, person });
  });

  const publicAgenda = (agenda: Agenda): PublicAgenda => ({ ...agenda, publicUrl: runtime.config.publicUrl });

  router.get('/api/public/invites/:secret', async (req, res) => {
    const usable = await usableInvite(runtime, req.params.secret);
    if (!usable.ok) return sendRefusal(res, usable);
    const invite = usable.value;
    const grant: InviteGrant = { eventId: invite.eventId, role: invite.role, roomId: invite.roomId, hallId: invite.hallId };
    res.json(grant);
  });

  router.get('/api/public/events/by-code/:code', async (req, res) => {
    const agenda = await runtime.events.byCode(req.params.code.replace(/^#/, '').toUpperCase());
    if (!agenda) return sendError(res, 'not_found', 'No event has that audience code.');
    res.json(publicAgenda(agenda));
  });

  router.get('/api/public/events/:eventId', async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    res.json(publicAgenda(agenda));
  });
  return router;
}

