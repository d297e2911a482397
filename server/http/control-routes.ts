import express, { json, type Request, type Response } from 'express';
import { CommandIdSchema } from '../../shared/protocol/command-id.ts';
import { CONTROL_ACTIONS, CONTROL_ACTION_NAMES, CreateControlKeySchema, type ControlAction } from '../../shared/protocol/control.ts';
import { controlCommand } from '../control/control-commands.ts';
import { controlKeyIdOf, controlKeyMatches, controlKeyView, newControlKey } from '../control/control-keys.ts';
import { controlStatus } from '../control/control-status.ts';
import type { Actor } from '../domain/context.ts';
import { newId } from '../live/ids.ts';
import type { Runtime } from '../runtime.ts';
import type { ControlKey } from '../store/store.ts';
import { requireAdmin } from './admin-auth.ts';
import { describeZodError, sendError, sendRefusal } from './http-errors.ts';

/** A key acts as a chair of its room under a name of its own, so reports and logs say which desk did what. */
function actorOf(key: ControlKey): Actor {
  return { personId: `control-${key.id}`, role: 'moderator', name: `Control: ${key.label}`, organisation: null, country: null };
}

/**
 * The control API for AV desks: the organiser creates, lists and revokes keys; a desk sends
 * `Authorization: Bearer <key>` and presses buttons, each the console's own command, under the
 * same rate limits and acknowledgements.
 */
export function controlRoutes(runtime: Runtime): express.Router {
  const router = express.Router();
  router.use('/api/events/:eventId/control-keys', requireAdmin(runtime.adminToken));

  router.get('/api/events/:eventId/control-keys', async (req, res) => {
    if (!(await runtime.events.agenda(req.params.eventId))) return sendError(res, 'not_found', 'No such event.');
    res.json((await runtime.store.listControlKeys(req.params.eventId)).map(controlKeyView));
  });

  router.post('/api/events/:eventId/control-keys', json({ limit: '4kb' }), async (req, res) => {
    const agenda = await runtime.events.agenda(req.params.eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const parsed = CreateControlKeySchema.safeParse(req.body);
    if (!parsed.success) return sendError(res, 'invalid_input', describeZodError(parsed.error));
    const { roomId, hallId, label } = parsed.data;
    if (roomId !== null && !agenda.rooms.some((room) => room.id === roomId)) return sendError(res, 'invalid_input', `roomId: no room "${roomId}" at this event.`);
    if (hallId !== null && !agenda.halls.some((hall) => hall.id === hallId)) return sendError(res, 'invalid_input', `hallId: no hall "${hallId}" at this event.`);
    const { stored, key } = newControlKey(agenda.id, { roomId, hallId }, label, runtime.now());
    await runtime.store.saveControlKey(stored);
    runtime.logger.info({ eventId: agenda.id, roomId, hallId, keyId: stored.id }, 'control key created');
    res.status(201).json({ ...controlKeyView(stored), key });
  });

  router.delete('/api/events/:eventId/control-keys/:keyId', async (req, res) => {
    const key = await runtime.store.getControlKey(req.params.keyId);
    if (!key || key.eventId !== req.params.eventId) return sendError(res, 'not_found', 'This event has no control key with that id.');
    await runtime.store.revokeControlKey(key.id, runtime.now());
    runtime.logger.info({ eventId: key.eventId, roomId: key.roomId, hallId: key.hallId, keyId: key.id }, 'control key revoked');
    res.json(controlKeyView((await runtime.store.getControlKey(key.id)) ?? key));
  });

  /** The key a request presents, if it is valid and not revoked; answers the refusal otherwise. */
  async function keyOf(req: Request, res: Response): Promise<ControlKey | null> {
    const header = req.get('authorization') ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice('Bearer '.length).trim() : '';
    const id = controlKeyIdOf(presented);
    const key = id ? await runtime.store.getControlKey(id) : null;
    if (!key || !controlKeyMatches(presented, key)) {
      sendError(res, 'unauthenticated', 'Send a control key as "Authorization: Bearer plk_…"; this one is not valid.');
      return null;
    }
    if (key.revokedAtMs !== null) {
      sendError(res, 'unauthenticated', 'This control key was revoked by the organiser.');
      return null;
    }
    return key;
  }

  /** The session a key drives now, with its state: the key's room, or the one its hall holds. */
  async function sessionOf(key: ControlKey, res: Response) {
    const roomId = key.roomId ?? (key.hallId ? (await runtime.store.loadHall(key.eventId, key.hallId)).roomId : null);
    if (roomId === null) {
      sendError(res, 'conflict', 'The key’s hall holds no session yet: open one in the hall first.');
      return null;
    }
    const room = await runtime.events.room(key.eventId, roomId);
    const state = await runtime.live.state(roomId);
    if (!room || !state || (key.hallId !== null && room.hall !== key.hallId)) {
      sendError(res, 'not_found', 'The key’s session is no longer on the agenda.');
      return null;
    }
    return { room, state };
  }

  router.get('/api/control/status', async (req, res) => {
    const key = await keyOf(req, res);
    if (!key) return;
    const session = await sessionOf(key, res);
    if (!session) return;
    res.set('cache-control', 'no-store').json(controlStatus(session.room, session.state, runtime.now()));
  });

  router.post('/api/control/:action', json({ limit: '4kb' }), async (req, res) => {
    const action = req.params.action as ControlAction;
    if (!CONTROL_ACTION_NAMES.includes(action)) {
      return sendError(res, 'unknown_command', `There is no control action "${req.params.action.slice(0, 40)}"; they are: ${CONTROL_ACTION_NAMES.join(', ')}.`);
    }
    const key = await keyOf(req, res);
    if (!key) return;
    const body = CONTROL_ACTIONS[action].safeParse(req.body ?? {});
    if (!body.success) return sendError(res, 'invalid_input', describeZodError(body.error));
    const idempotencyKey = req.get('idempotency-key');
    const commandId = idempotencyKey === undefined ? null : CommandIdSchema.safeParse(idempotencyKey);
    if (commandId && !commandId.success) return sendError(res, 'invalid_input', `Idempotency-Key: ${commandId.error.issues[0]?.message ?? 'invalid'}`);

    const actor = actorOf(key);
    const admitted = await runtime.limits.admit(actor.personId);
    if (admitted) return sendRefusal(res, admitted);
    const session = await sessionOf(key, res);
    if (!session) return;
    const { room, state } = session;
    const command = controlCommand(action, body.data, state);
    if (!command.ok) return sendRefusal(res, command);
    const limited = await runtime.limits.check(actor.personId, command.value.name);
    if (limited) return sendRefusal(res, limited);
    const { name, payload } = command.value;
    const outcome = await runtime.live.run(room.id, name, payload as never, { actor, room, newId }, runtime.now, commandId?.data ?? null);
    runtime.logger.info({ keyId: key.id, roomId: room.id, action, command: name, outcome: outcome.ok ? 'ok' : outcome.error.code }, 'control action');
    if (!outcome.ok) return sendRefusal(res, outcome);
    res.json({ ok: true, command: name, roomId: room.id, ...outcome.value });
  });

  router.all('/api/control/:action', (_req, res) => sendError(res, 'invalid_input', 'Control actions are POST; the state is GET /api/control/status.'));
  return router;
}

