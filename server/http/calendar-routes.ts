import express, { type Response } from 'express';
import type { Agenda } from '../../shared/model/event.ts';
import { calendarFeedPaths } from '../../shared/protocol/http.ts';
import { icalendar, type CalendarScope } from '../interop/icalendar.ts';
import type { Runtime } from '../runtime.ts';
import { sendError } from './http-errors.ts';

/**
 * The agenda as iCalendar feeds a calendar app subscribes to: the event's, a hall's and a
 * session's, public like the agenda itself (no token in a URL people paste into their calendar).
 * Each answers with the event's revision as its ETag, so a polling app downloads only changes.
 */
export function calendarRoutes(runtime: Runtime): express.Router {
  const router = express.Router();

  async function send(res: Response, eventId: string, ifNoneMatch: string | undefined, scopeOf: (agenda: Agenda) => CalendarScope | string) {
    const stored = await runtime.store.getEvent(eventId);
    if (!stored) return sendError(res, 'not_found', 'No such event.');
    const scope = scopeOf(stored.agenda);
    if (typeof scope === 'string') return sendError(res, 'not_found', scope);
    const etag = `"${stored.revision}"`;
    res.set({ ETag: etag, 'Cache-Control': 'public, max-age=300' });
    if (ifNoneMatch === etag) return void res.status(304).end();
    const body = icalendar({ agenda: stored.agenda, scope, revision: stored.revision, updatedAtMs: stored.updatedAtMs, publicUrl: runtime.config.publicUrl });
    res.type('text/calendar; charset=utf-8').send(body);
  }

  router.get<string, { eventId: string }>(calendarFeedPaths.event(':eventId'), (req, res) => send(res, req.params.eventId, req.get('if-none-match'), () => ({ kind: 'event' })));
  router.get<string, { eventId: string; hallId: string }>(calendarFeedPaths.hall(':eventId', ':hallId'), (req, res) =>
    send(res, req.params.eventId, req.get('if-none-match'), (agenda) =>
      agenda.halls.some((hall) => hall.id === req.params.hallId) ? { kind: 'hall', hallId: req.params.hallId } : 'No such hall at this event.',
    ),
  );
  router.get<string, { eventId: string; roomId: string }>(calendarFeedPaths.room(':eventId', ':roomId'), (req, res) =>
    send(res, req.params.eventId, req.get('if-none-match'), (agenda) =>
      agenda.rooms.some((room) => room.id === req.params.roomId) ? { kind: 'room', roomId: req.params.roomId } : 'No such session at this event.',
    ),
  );
  return router;
}
