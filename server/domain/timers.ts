import { refuse, type Result } from '../../shared/errors.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { newTimer, type Timer } from '../../shared/model/timer.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { decided, type DomainContext, type RoomHandlers } from './context.ts';
import { timerOps } from './timer-ops.ts';
import { turnTimerEvents } from './turns.ts';

const MAX_NAMED_TIMERS = 20;

export function findTimer(state: RoomState, timerId: string): Timer | undefined {
  if (timerId === 'session') return state.timers.session;
  if (timerId === 'turn') return state.timers.turn;
  return state.timers.named.find((named) => named.id === timerId)?.timer;
}

/** A change to the turn timer while someone speaks is a change to their turn, so it is logged in the ledger too. */
function withTimer(
  state: RoomState,
  timerId: string,
  { nowMs, actor }: DomainContext,
  change: (timer: Timer) => Result<Timer>,
): Result<{ events: RoomEvent[]; result: Record<string, never> }> {
  const timer = findTimer(state, timerId);
  if (!timer) return refuse('not_found', `No timer "${timerId}" in this room.`);
  const next = change(timer);
  if (!next.ok) return next;
  return decided(timerId === 'turn' ? turnTimerEvents(state, next.value, nowMs, actor.name) : [{ type: 'timer.set', timerId, timer: next.value }], {});
}

/**
 * The turn timer is the record of how long the current speaker has spoken: restarting it
 * mid-turn would erase that. Time can still be given or taken with adjust and setDuration.
 */
function turnTimeIsRecorded(state: RoomState, timerId: string) {
  return timerId === 'turn' && state.floor.current
    ? refuse('conflict', 'The turn timer records the current speaker’s time; end the turn first, or adjust the time.')
    : null;
}

const ok = (timer: Timer): Result<Timer> => ({ ok: true, value: timer });

export const timerHandlers: RoomHandlers<
  | 'timer.start'
  | 'timer.pause'
  | 'timer.resume'
  | 'timer.reset'
  | 'timer.adjust'
  | 'timer.setDuration'
  | 'timer.setThresholds'
  | 'timer.create'
  | 'timer.delete'
> = {
  'timer.start': (state, { timerId }, ctx) =>
    turnTimeIsRecorded(state, timerId) ?? withTimer(state, timerId, ctx, (t) => ok(timerOps.start(t, ctx.nowMs))),
  'timer.pause': (state, { timerId }, ctx) =>
    withTimer(state, timerId, ctx, (t) =>
      t.runningSinceMs === null ? refuse('conflict', 'The timer is not running.') : ok(timerOps.pause(t, ctx.nowMs)),
    ),
  'timer.resume': (state, { timerId }, ctx) =>
    withTimer(state, timerId, ctx, (t) =>
      t.runningSinceMs !== null ? refuse('conflict', 'The timer is already running.') : ok(timerOps.resume(t, ctx.nowMs)),
    ),
  'timer.reset': (state, { timerId }, ctx) => turnTimeIsRecorded(state, timerId) ?? withTimer(state, timerId, ctx, (t) => ok(timerOps.reset(t))),
  'timer.adjust': (state, { timerId, deltaSec }, ctx) => withTimer(state, timerId, ctx, (t) => ok(timerOps.adjust(t, deltaSec * 1000))),
  'timer.setDuration': (state, { timerId, seconds }, ctx) => withTimer(state, timerId, ctx, (t) => ok(timerOps.setDuration(t, seconds * 1000))),
  'timer.setThresholds': (state, { timerId, warningSec, dangerSec }, ctx) =>
    withTimer(state, timerId, ctx, (t) => ok({ ...t, warningMs: warningSec * 1000, dangerMs: dangerSec * 1000 })),
  'timer.create': (state, { label, seconds }, { newId }) => {
    if (state.timers.named.length >= MAX_NAMED_TIMERS) {
      return refuse('conflict', `A room has at most ${MAX_NAMED_TIMERS} named timers.`);
    }
    const durationMs = seconds * 1000;
    const timer = { id: newId('t'), label, timer: newTimer(durationMs, Math.round(durationMs / 5), Math.round(durationMs / 10)) };
    return decided([{ type: 'timer.created', timer }], { timerId: timer.id });
  },
  'timer.delete': (state, { timerId }) => {
    if (!state.timers.named.some((named) => named.id === timerId)) {
      return refuse('not_found', `No named timer "${timerId}"; the session and turn timers cannot be deleted.`);
    }
    return decided([{ type: 'timer.deleted', timerId }], {});
  },
};
