import type { HallState } from '../../shared/model/hall.ts';
import type { Runtime } from '../runtime.ts';

/**
 * Makes a session its hall's current one and tells the hall's screens on every process, once
 * per change: a switch to the session the hall holds already changes nothing and says nothing.
 * Two switches racing are ordered by the store's revision; a follower that gets them out of
 * order keeps the higher revision (docs/PROTOCOL.md).
 */
export async function switchHall(runtime: Runtime, eventId: string, hallId: string, roomId: string): Promise<HallState> {
  const before = await runtime.store.loadHall(eventId, hallId);
  if (before.roomId === roomId) return before;
  const after = await runtime.store.switchHall(eventId, hallId, roomId, runtime.now());
  if (after.revision !== before.revision) {
    runtime.publisher.hallChanged(after);
    runtime.logger.info({ eventId, hallId, roomId, revision: after.revision }, 'hall switched');
  }
  return after;
}
