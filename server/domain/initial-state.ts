import type { AgendaRoom } from '../../shared/model/event.ts';
import { roomQuotasOf, type AgendaQuota } from '../../shared/model/quota.ts';
import { DEFAULT_POINT_OF_ORDER_MS, type RoomSettings, type RoomState } from '../../shared/model/room.ts';
import { newTimer } from '../../shared/model/timer.ts';

const MINUTE_MS = 60_000;

/** Amber at a fifth of a turn left (2 min of 10), red at a tenth, as stage timers at conferences do. */
export function defaultSettings(room: AgendaRoom, eventQuotas?: readonly AgendaQuota[]): RoomSettings {
  const defaultTurnMs = Math.round(room.turnMinutes * MINUTE_MS);
  const quotas = roomQuotasOf(eventQuotas, room.quotas);
  return {
    defaultTurnMs,
    warningMs: Math.round(defaultTurnMs / 5),
    dangerMs: Math.round(defaultTurnMs / 10),
    pointOfOrderMs: DEFAULT_POINT_OF_ORDER_MS,
    preModeration: false,
    allowAnonymousQuestions: true,
    questionMaxLength: 300,
    profanityFilter: 'mask',
    ...(quotas.length > 0 ? { quotas } : {}),
  };
}

export function initialRoomState(room: AgendaRoom, eventQuotas?: readonly AgendaQuota[]): RoomState {
  const settings = defaultSettings(room, eventQuotas);
  const sessionMs = Math.max(MINUTE_MS, Date.parse(room.endsAt) - Date.parse(room.startsAt) || 0);
  return {
    roomId: room.id,
    revision: 0,
    open: false,
    settings,
    floor: { listOpen: true, queue: [], current: null, finished: [], suspended: null, ledger: [] },
    timers: {
      session: newTimer(sessionMs, 10 * MINUTE_MS, 5 * MINUTE_MS),
      turn: newTimer(settings.defaultTurnMs, settings.warningMs, settings.dangerMs),
      named: room.timers.map((planned, index) => {
        const durationMs = Math.round(planned.minutes * MINUTE_MS);
        return { id: `t${index + 1}`, label: planned.label, timer: newTimer(durationMs, Math.round(durationMs / 5), Math.round(durationMs / 10)) };
      }),
    },
    messages: [],
    polls: [],
    questions: [],
    pinnedQuestionId: null,
    projector: { mode: 'title', pollId: null },
  };
}
