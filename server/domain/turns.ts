import { refuse, type Result } from '../../shared/errors.ts';
import type { FinishedTurn, SpeakerRequest, Turn } from '../../shared/model/floor.ts';
import { ledgerTurn, type LedgerEntry, type LedgerEntryKind } from '../../shared/model/ledger.ts';
import { delegationOf } from '../../shared/model/person.ts';
import { allotmentUnderQuota, quotaRemainingMs } from '../../shared/model/quota.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { elapsedMs, newTimer, type Timer } from '../../shared/model/timer.ts';
import type { RoomEvent } from '../../shared/protocol/room-events.ts';
import { answeredEvents } from './questions.ts';
import { timerOps } from './timer-ops.ts';

/**
 * Who speaks, and for how long: every change goes through here, so each one is an entry in the
 * room's ledger next to the timer and floor events it explains (docs/FLOOR.md). `by` is the
 * display name of whoever made the change, so the reports can say who called and ended each turn.
 */
function logged(turn: Turn, kind: LedgerEntryKind, atMs: number, by: string, ms = 0): RoomEvent {
  const entry: LedgerEntry = { atMs, kind, requestId: turn.requestId, speaker: turn.speaker, ms, by };
  if (kind === 'call') entry.requestKind = turn.kind;
  return { type: 'floor.logged', entry };
}

/** Time spoken in the current turn: the ledger's, or the timer's for a turn called before the ledger existed. */
function spokenInCurrent(state: RoomState, current: Turn, nowMs: number): number {
  return ledgerTurn(state.floor.ledger, current.requestId, nowMs)?.spokenMs ?? elapsedMs(state.timers.turn, nowMs);
}

/**
 * Messages sent during a turn were for that speaker ("2 minutes", "please wrap up"): they go with
 * the turn, so the next speaker never reads them. Messages sent between turns stay until dismissed.
 */
export function endTurnEvents(state: RoomState, nowMs: number, by: string): RoomEvent[] {
  const current = state.floor.current;
  if (!current) return [];
  const spokenMs = spokenInCurrent(state, current, nowMs);
  const finished: FinishedTurn = { ...current, endedAtMs: nowMs, spokenMs };
  const overtimeMs = spokenMs - current.allottedMs;
  const turnMessages = state.messages.filter((message) => message.sentAtMs >= current.startedAtMs);
  return [
    ...(overtimeMs > 0 ? [logged(current, 'overtime', nowMs, by, overtimeMs)] : []),
    logged(current, 'end', nowMs, by),
    { type: 'floor.turnEnded', finished },
    { type: 'timer.set', timerId: 'turn', timer: timerOps.pause(state.timers.turn, nowMs) },
    ...turnMessages.map((message): RoomEvent => ({ type: 'message.dismissed', messageId: message.id })),
    ...(current.questionId ? answeredEvents(state, current.questionId, nowMs) : []),
  ];
}

/**
 * Time the chair gave the request wins; a point of order gets the room's short time; any other
 * turn gets the turn length, cut to what the speaker's delegation has left of its quota.
 */
function allottedFor(state: RoomState, request: SpeakerRequest, nowMs: number): number {
  if (request.allottedMs !== null) return request.allottedMs;
  if (request.kind === 'point_of_order') return state.settings.pointOfOrderMs;
  const remainingMs = quotaRemainingMs(state.settings.quotas ?? [], state.floor.ledger, nowMs, delegationOf(request.speaker));
  return allotmentUnderQuota(state.settings.defaultTurnMs, remainingMs);
}

function startTurnEvents(state: RoomState, request: SpeakerRequest, nowMs: number, by: string): RoomEvent[] {
  const { settings } = state;
  const allottedMs = allottedFor(state, request, nowMs);
  const turn: Turn = {
    requestId: request.id,
    speaker: request.speaker,
    kind: request.kind,
    allottedMs,
    startedAtMs: nowMs,
    ...(request.questionId ? { questionId: request.questionId } : {}),
  };
  // A point of order is far shorter than a turn: it turns amber and red at the same fractions of its time.
  const [warningMs, dangerMs] =
    request.kind === 'point_of_order' ? [Math.round(allottedMs / 5), Math.round(allottedMs / 10)] : [settings.warningMs, settings.dangerMs];
  const timer = timerOps.start(newTimer(allottedMs, warningMs, dangerMs), nowMs);
  return [
    { type: 'floor.turnStarted', turn },
    logged(turn, 'call', nowMs, by, allottedMs),
    { type: 'timer.set', timerId: 'turn', timer },
  ];
}

/** A point of order called during someone else's turn suspends that turn instead of ending it. */
function interruptEvents(state: RoomState, current: Turn, request: SpeakerRequest, nowMs: number, by: string): RoomEvent[] {
  const timer = timerOps.pause(state.timers.turn, nowMs);
  return [
    logged(current, 'interrupt', nowMs, by),
    { type: 'floor.turnSuspended', suspended: { turn: current, timer, suspendedAtMs: nowMs } },
    ...startTurnEvents(state, request, nowMs, by),
  ];
}

/**
 * Giving the floor to a request. A point of order during a turn interrupts it; interrupts nest
 * one level, and while a turn waits to be resumed only points of order may be heard before it.
 */
export function callEvents(state: RoomState, request: SpeakerRequest, nowMs: number, by: string): Result<RoomEvent[]> {
  const { current, suspended } = state.floor;
  const pointOfOrder = request.kind === 'point_of_order';
  if (pointOfOrder && current?.kind === 'point_of_order') {
    return refuse('conflict', 'A point of order is being heard: another one waits until it ends (interrupts nest one level).');
  }
  if (suspended && !pointOfOrder) {
    return refuse('conflict', `${suspended.turn.speaker.name}’s turn was interrupted: resume it before calling the next speaker.`);
  }
  if (pointOfOrder && current) return { ok: true, value: interruptEvents(state, current, request, nowMs, by) };
  return { ok: true, value: [...endTurnEvents(state, nowMs, by), ...startTurnEvents(state, request, nowMs, by)] };
}

/** The interrupted turn comes back with its timer exactly as it stopped; a point of order still running ends first. */
export function resumeEvents(state: RoomState, nowMs: number, by: string): Result<RoomEvent[]> {
  const suspended = state.floor.suspended;
  if (!suspended) return refuse('conflict', 'No turn is interrupted: there is nothing to resume.');
  return {
    ok: true,
    value: [
      ...endTurnEvents(state, nowMs, by),
      { type: 'floor.turnResumed', turn: suspended.turn },
      logged(suspended.turn, 'resumeInterrupted', nowMs, by),
      { type: 'timer.set', timerId: 'turn', timer: timerOps.resume(suspended.timer, nowMs) },
    ],
  };
}

/**
 * The turn timer changed while someone has the floor: a pause, a resume, or time given or taken
 * is logged, and the turn's allotted time follows the timer's length, so the report's overtime is
 * the overtime the stage display showed.
 */
export function turnTimerEvents(state: RoomState, next: Timer, nowMs: number, by: string): RoomEvent[] {
  const before = state.timers.turn;
  const current = state.floor.current;
  const events: RoomEvent[] = [{ type: 'timer.set', timerId: 'turn', timer: next }];
  if (!current) return events;
  const deltaMs = next.durationMs - before.durationMs;
  if (deltaMs !== 0) {
    events.push({ type: 'floor.extended', allottedMs: Math.max(0, current.allottedMs + deltaMs) }, logged(current, 'extra', nowMs, by, deltaMs));
  }
  if (before.runningSinceMs !== null && next.runningSinceMs === null) events.push(logged(current, 'pause', nowMs, by));
  if (before.runningSinceMs === null && next.runningSinceMs !== null) events.push(logged(current, 'resume', nowMs, by));
  return events;
}
