import { z } from 'zod';
import { EpochMsSchema, IdSchema } from '../ids.ts';
import { SpeakerSchema, type Speaker } from './person.ts';
import { RequestKindSchema, type RequestKind } from './request-kind.ts';

/**
 * Every change to who speaks, in order. Timers, the stage display and every report are read
 * from this one record, so they cannot disagree (docs/FLOOR.md).
 */
export const LEDGER_ENTRY_KINDS = ['call', 'end', 'pause', 'resume', 'extra', 'overtime', 'interrupt', 'resumeInterrupted'] as const;
export const LedgerEntryKindSchema = z.enum(LEDGER_ENTRY_KINDS);
export type LedgerEntryKind = z.infer<typeof LedgerEntryKindSchema>;

export const LedgerEntrySchema = z.object({
  atMs: EpochMsSchema,
  kind: LedgerEntryKindSchema,
  /** The turn the entry is about: the request it was called from. */
  requestId: IdSchema,
  speaker: SpeakerSchema,
  /**
   * call: the allotted time; extra: the time given (negative when taken away); overtime: how far
   * the turn ran past its time when it ended. Zero for the other kinds.
   */
  ms: z.number().int(),
  /** On `call` only: what the speaker asked the floor for (a point of order may interrupt a turn). */
  requestKind: RequestKindSchema.optional(),
  /**
   * The display name of whoever made the change (a chair, or a control key as "Control: <label>"),
   * so a report can say who called and who ended a turn. Absent from entries logged before it was
   * recorded.
   */
  by: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntrySchema>;

/** One turn as the ledger tells it; a turn not ended yet is `inProgress` (suspended ones too). */
export type LedgerTurn = {
  requestId: string;
  speaker: Speaker;
  kind: RequestKind;
  startedAtMs: number;
  endedAtMs: number | null;
  allottedMs: number;
  extraMs: number;
  spokenMs: number;
  overtimeMs: number;
  inProgress: boolean;
  suspended: boolean;
  /** Server time the current run began; null while paused, suspended or ended. */
  runningSinceMs: number | null;
  /** Who called the turn; null where the ledger did not record it. */
  calledBy: string | null;
  /** Who ended the turn (calling the next speaker ends the current turn too); null while it runs or where not recorded. */
  endedBy: string | null;
};

const RUN_STARTS: ReadonlySet<LedgerEntryKind> = new Set(['call', 'resume', 'resumeInterrupted']);
const RUN_STOPS: ReadonlySet<LedgerEntryKind> = new Set(['pause', 'interrupt', 'end']);

function stopRun(turn: LedgerTurn, atMs: number): void {
  if (turn.runningSinceMs === null) return;
  turn.spokenMs += Math.max(0, atMs - turn.runningSinceMs);
  turn.runningSinceMs = null;
}

function step(turns: Map<string, LedgerTurn>, entry: LedgerEntry): void {
  if (entry.kind === 'call') {
    turns.set(entry.requestId, {
      requestId: entry.requestId,
      speaker: entry.speaker,
      kind: entry.requestKind ?? 'contribution',
      startedAtMs: entry.atMs,
      endedAtMs: null,
      allottedMs: entry.ms,
      extraMs: 0,
      spokenMs: 0,
      overtimeMs: 0,
      inProgress: true,
      suspended: false,
      runningSinceMs: entry.atMs,
      calledBy: entry.by ?? null,
      endedBy: null,
    });
    return;
  }
  const turn = turns.get(entry.requestId);
  if (!turn) return;
  turn.speaker = entry.speaker;
  if (RUN_STOPS.has(entry.kind)) stopRun(turn, entry.atMs);
  if (RUN_STARTS.has(entry.kind)) turn.runningSinceMs = entry.atMs;
  if (entry.kind === 'extra') turn.extraMs += entry.ms;
  if (entry.kind === 'interrupt') turn.suspended = true;
  if (entry.kind === 'resumeInterrupted') turn.suspended = false;
  if (entry.kind === 'end') {
    turn.endedAtMs = entry.atMs;
    turn.endedBy = entry.by ?? null;
    turn.inProgress = false;
    turn.suspended = false;
  }
}

/** The ledger's turns in the order they were called, with the time spoken up to `nowMs`. */
export function ledgerTurns(ledger: readonly LedgerEntry[], nowMs: number): LedgerTurn[] {
  const turns = new Map<string, LedgerTurn>();
  for (const entry of ledger) step(turns, entry);
  return [...turns.values()].map((turn) => {
    const spokenMs = turn.spokenMs + (turn.runningSinceMs === null ? 0 : Math.max(0, nowMs - turn.runningSinceMs));
    return { ...turn, spokenMs, overtimeMs: Math.max(0, spokenMs - turn.allottedMs - turn.extraMs) };
  });
}

/** The ledger's state of one turn, or null when it was never called. */
export function ledgerTurn(ledger: readonly LedgerEntry[], requestId: string, nowMs: number): LedgerTurn | null {
  return ledgerTurns(ledger.filter((entry) => entry.requestId === requestId), nowMs)[0] ?? null;
}
