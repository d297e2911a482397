import type { RoomDelta, RoomEvent } from '../../shared/protocol/room-events.ts';
import type { WebhookPayload } from '../../shared/protocol/webhooks.ts';
import { withoutAnswer } from '../domain/quiz-questions.ts';

/**
 * What a room's earlier deltas said about its polls and questions, kept in the outbox cursor's
 * memo: a `poll.saved` or `question.saved` carries the whole object, and only its previous
 * state tells an opening from an edit, or a reveal from a later save of a revealed poll.
 */
export type WebhookMemo = { polls: Record<string, string>; questions: Record<string, string> };

export const emptyMemo = (): WebhookMemo => ({ polls: {}, questions: {} });

export function parseMemo(memo: string | null): WebhookMemo {
  return memo === null ? emptyMemo() : (JSON.parse(memo) as WebhookMemo);
}

/**
 * The Plenary-Event-Id: the same for every endpoint and every attempt. `index` is the room
 * event's place in its delta; `part` numbers the second webhook event one room event stands
 * for (a poll closed and revealed in one save).
 */
export function webhookEventId(roomId: string, revision: number, index: number, part = 0): string {
  return part === 0 ? `${roomId}:${revision}:${index}` : `${roomId}:${revision}:${index}.${part}`;
}

type Data = Omit<WebhookPayload, 'id' | 'eventId' | 'roomId' | 'revision' | 'occurredAtMs'>;

function pollKey(status: string, revealed: boolean): string {
  return `${status}${revealed ? '+revealed' : ''}`;
}

/** The webhook events one room event stands for, given what came before; updates `memo`. */
function eventsOf(event: RoomEvent, memo: WebhookMemo): Data[] {
  switch (event.type) {
    case 'room.opened':
      return [{ type: 'room.opened', data: {} }];
    case 'room.closed':
      return [{ type: 'room.closed', data: {} }];
    case 'floor.turnStarted':
      return [{ type: 'turn.started', data: { turn: event.turn } }];
    case 'floor.turnEnded':
      return [{ type: 'turn.ended', data: { turn: event.finished } }];
    case 'floor.requested':
      return event.request.kind === 'point_of_order' ? [{ type: 'point_of_order.raised', data: { request: event.request } }] : [];
    case 'poll.saved': {
      // A webhook may feed a public screen: a quiz question's answer leaves only once it closed.
      const poll = withoutAnswer(event.poll);
      const before = memo.polls[poll.id] ?? 'draft';
      memo.polls[poll.id] = pollKey(poll.status, poll.revealed);
      const out: Data[] = [];
      const [statusBefore] = before.split('+');
      if (poll.status !== statusBefore && poll.status === 'open') out.push({ type: 'poll.opened', data: { poll } });
      if (poll.status !== statusBefore && poll.status === 'closed') out.push({ type: 'poll.closed', data: { poll } });
      if (poll.revealed && !before.endsWith('+revealed')) out.push({ type: 'poll.revealed', data: { poll } });
      return out;
    }
    case 'poll.deleted':
      delete memo.polls[event.pollId];
      return [];
    case 'question.saved': {
      const { question } = event;
      const before = memo.questions[question.id];
      memo.questions[question.id] = question.status;
      if (question.status === before) return [];
      if (question.status === 'approved') return [{ type: 'question.approved', data: { question } }];
      if (question.status === 'answered') return [{ type: 'question.answered', data: { question } }];
      return [];
    }
    default:
      return [];
  }
}

/**
 * The webhook payloads of one committed delta, in order, each with the index of the room event
 * it comes from (one room event may stand for two, e.g. a poll closed and revealed at once).
 */
export function webhookPayloadsOf(eventId: string, delta: RoomDelta, memo: WebhookMemo): WebhookPayload[] {
  return delta.events.flatMap((event, index) =>
    eventsOf(event, memo).map((data, part) => ({
      ...data,
      id: webhookEventId(delta.roomId, delta.revision, index, part),
      eventId,
      roomId: delta.roomId,
      revision: delta.revision,
      occurredAtMs: delta.atMs,
    })) as WebhookPayload[],
  );
}
