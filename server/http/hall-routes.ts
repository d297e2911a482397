import { Router } from 'express';
import { liveRoomOfHall } from '../../shared/model/hall.ts';
import type { HallView } from '../../shared/protocol/http.ts';
import type { Runtime } from '../runtime.ts';
import { sendError } from './http-errors.ts';

/** A hall as its screens and its QR code see it, without signing in: the hall's name and join code are on the wall anyway. */
export function hallRoutes(runtime: Runtime): Router {
  const router = Router();
  router.get('/api/public/events/:eventId/halls/:hallId', async (req, res) => {
    const { eventId, hallId } = req.params;
    const agenda = await runtime.events.agenda(eventId);
    if (!agenda) return sendError(res, 'not_found', 'No such event.');
    const hall = agenda.halls.find((h) => h.id === hallId);
    if (!hall) return sendError(res, 'not_found', 'No such hall at this event.');
    const state = await runtime.store.loadHall(eventId, hallId);
    const current = state.roomId === null ? null : await runtime.live.current(state.roomId);
    const currentOpen = current?.open ?? false;
    const view: HallView = { hall, state, currentOpen, liveRoomId: liveRoomOfHall(agenda.rooms, state, currentOpen, runtime.now())?.id ?? null };
    res.json(view);
  });
  return router;
}
