import { describe, expect, it } from 'vitest';
import type { Poll } from '../../shared/model/poll.ts';
import type { Question } from '../../shared/model/question.ts';
import type { RoomDelta, RoomEvent } from '../../shared/protocol/room-events.ts';
import { WebhookPayloadSchema } from '../../shared/protocol/webhooks.ts';
import { emptyMemo, webhookPayloadsOf } from '../../server/webhooks/webhook-events.ts';
import { retryDelayMs } from '../../server/webhooks/webhook-outbox.ts';

const T0 = Date.UTC(2023, 9, 13, 9, 0);
const poll = (fields: Partial<Poll>): Poll => ({
  id: 'p1',
  question: 'Is meritocracy measurable?',
  spec: { kind: 'single', options: [{ id: 'o1', label: 'Yes' }, { id: 'o2', label: 'No' }] },
  settings: { resultsVisibility: 'on_reveal', anonymous: false, allowChange: true, eligibleRoles: ['participant', 'audience'] },
  status: 'draft',
  revealed: false,
  createdAtMs: T0,
  openedAtMs: null,
  closedAtMs: null,
  closesAtMs: null,
  revealOnClose: false,
  ...fields,
});
const question = (status: Question['status']): Question => ({ id: 'q1', text: 'How?', authorId: null, authorName: null, addressedTo: null, status, askedAtMs: T0, editedAtMs: null, answeredAtMs: null });

let revision = 0;
const delta = (...events: RoomEvent[]): RoomDelta => ({ roomId: 'panel-1', revision: ++revision, atMs: T0 + revision, events });

describe('room events as webhook events', () => {
  it('[WE0] a quiz question opens without its answer and closes with it, as a public screen may see it', () => {
    const memo = emptyMemo();
    const quiz = { quizId: 'z1', correctOptionIds: ['o2'], timeLimitSec: 20 };
    const polls = (d: RoomDelta) => webhookPayloadsOf('acsh-2023', d, memo).map((payload) => (payload.data as { poll: Poll }).poll.quiz?.correctOptionIds);
    expect(polls(delta({ type: 'poll.saved', poll: poll({ status: 'open', quiz }) }))).toEqual([[]]);
    expect(polls(delta({ type: 'poll.saved', poll: poll({ status: 'closed', revealed: true, quiz }) }))).toEqual([['o2'], ['o2']]);
  });

  it('[WE1] a poll opens, is edited while open (nothing), closes and is revealed at once (two events, two ids), and is saved again revealed (nothing)', () => {
    revision = 0;
    const memo = emptyMemo();
    const types = (d: RoomDelta) => webhookPayloadsOf('acsh-2023', d, memo).map((payload) => [payload.type, payload.id]);
    expect(types(delta({ type: 'poll.saved', poll: poll({}) }))).toEqual([]);
    expect(types(delta({ type: 'poll.saved', poll: poll({ status: 'open' }) }))).toEqual([['poll.opened', 'panel-1:2:0']]);
    expect(types(delta({ type: 'poll.saved', poll: poll({ status: 'open', question: 'Edited?' }) }))).toEqual([]);
    expect(types(delta({ type: 'room.opened' }, { type: 'poll.saved', poll: poll({ status: 'closed', revealed: true }) }))).toEqual([
      ['room.opened', 'panel-1:4:0'],
      ['poll.closed', 'panel-1:4:1'],
      ['poll.revealed', 'panel-1:4:1.1'],
    ]);
    expect(types(delta({ type: 'poll.saved', poll: poll({ status: 'closed', revealed: true, question: 'Again' }) }))).toEqual([]);
  });

  it('[WE2] a question is approved once (edits of an approved one send nothing) and answered once; only points of order among requests; payloads match the shared schema', () => {
    revision = 0;
    const memo = emptyMemo();
    const all = [
      ...webhookPayloadsOf('acsh-2023', delta({ type: 'question.saved', question: question('pending') }), memo),
      ...webhookPayloadsOf('acsh-2023', delta({ type: 'question.saved', question: question('approved') }), memo),
      ...webhookPayloadsOf('acsh-2023', delta({ type: 'question.saved', question: { ...question('approved'), text: 'Edited' } }), memo),
      ...webhookPayloadsOf('acsh-2023', delta({ type: 'question.saved', question: question('answered') }), memo),
      ...webhookPayloadsOf('acsh-2023', delta({ type: 'floor.requested', request: { id: 'r1', speaker: { personId: null, name: 'A', organisation: null, country: null }, kind: 'contribution', requestedAtMs: T0, allottedMs: null, addedByModerator: true } }), memo),
      ...webhookPayloadsOf('acsh-2023', delta({ type: 'floor.requested', request: { id: 'r2', speaker: { personId: null, name: 'B', organisation: null, country: null }, kind: 'point_of_order', requestedAtMs: T0, allottedMs: null, addedByModerator: true } }), memo),
    ];
    expect(all.map((payload) => payload.type)).toEqual(['question.approved', 'question.answered', 'point_of_order.raised']);
    for (const payload of all) expect(WebhookPayloadSchema.parse(payload)).toEqual(payload);
  });

  it('[WE3] retries wait twice as long each time, from the minimum up to the cap', () => {
    expect([1, 2, 3, 4, 10, 100].map((attempts) => retryDelayMs(attempts, 1_000, 300_000))).toEqual([1_000, 2_000, 4_000, 8_000, 300_000, 300_000]);
  });
});
