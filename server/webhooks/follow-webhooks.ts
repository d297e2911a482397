import type { RoomDelta } from '../../shared/protocol/room-events.ts';
import type { Runtime } from '../runtime.ts';
import { WebhookOutbox } from './webhook-outbox.ts';
import { webhookSender } from './webhook-sender.ts';

/** Room events that may stand for a webhook event (webhook-events.ts); other commits leave the outbox to its sweep. */
const WEBHOOK_SOURCES = new Set<string>(['room.opened', 'room.closed', 'floor.turnStarted', 'floor.turnEnded', 'floor.requested', 'poll.saved', 'question.saved']);

/**
 * Starts the webhook outbox on this process: the committing process works a room's lanes at
 * once, and every process's sweep catches what a failed or stopped one left.
 */
export function followWebhooks(runtime: Runtime): WebhookOutbox {
  const { timeoutMs, retryMinMs, retryMaxMs } = runtime.config.webhooks;
  const outbox = new WebhookOutbox(runtime.store, runtime.logger, runtime.metrics, { send: webhookSender(timeoutMs), timeoutMs, retryMinMs, retryMaxMs, now: () => Date.now() });
  // A room id belongs to one event for good (the store refuses it to any other), so this only grows.
  const eventOfRoom = new Map<string, string>();
  const eventOf = async (roomId: string) => {
    if (!eventOfRoom.has(roomId)) {
      for (const { agenda } of await runtime.store.listEvents()) for (const room of agenda.rooms) eventOfRoom.set(room.id, agenda.id);
    }
    return eventOfRoom.get(roomId) ?? null;
  };
  runtime.live.onCommitted((delta: RoomDelta) => {
    if (!delta.events.some((event) => WEBHOOK_SOURCES.has(event.type))) return;
    void (async () => {
      const eventId = await eventOf(delta.roomId);
      if (eventId) await outbox.kickRoom(eventId, delta.roomId);
    })().catch((error: unknown) => runtime.logger.warn({ err: error, roomId: delta.roomId }, 'webhook kick failed; the sweep catches up'));
  });
  outbox.start();
  return outbox;
}
