import { z } from 'zod';
import { ledgerTurns, type LedgerEntry } from './ledger.ts';
import { delegationOf } from './person.ts';

const MINUTE_MS = 60_000;
/** No turn is allotted less than the shortest turn a room may have. */
export const MIN_TURN_MS = 10_000;
/** Amber when a delegation has two minutes left, unless the room says otherwise. */
export const DEFAULT_QUOTA_WARNING_MS = 2 * MINUTE_MS;

/**
 * One line of an agenda's (or a session's) `quotas`: the speaking time a delegation has, in
 * minutes. Without `delegation` it is the quota of every delegation not named on its own line.
 */
export const AgendaQuotaSchema = z.object({
  delegation: z.string().trim().min(1).max(120).optional(),
  minutes: z.number().min(0, 'a quota is 0 minutes or more').max(1440),
}).strict();
export type AgendaQuota = z.infer<typeof AgendaQuotaSchema>;

export const AgendaQuotasSchema = z.array(AgendaQuotaSchema).max(200).superRefine((quotas, ctx) => {
  const keys = quotas.map((quota) => quota.delegation?.toLocaleLowerCase('en') ?? null);
  keys.forEach((key, i) => {
    if (keys.indexOf(key) === i) return;
    const message = key === null ? 'only one quota may leave out its delegation (the default for all)' : `the delegation "${quotas[i]!.delegation}" has two quotas`;
    ctx.addIssue({ code: 'custom', path: [i, 'delegation'], message });
  });
});

/** A room's quotas as its settings hold them: a null delegation is the default for every other one. */
export const RoomQuotaSchema = z.object({
  delegation: z.string().trim().min(1).max(120).nullable(),
  ms: z.number().int().min(0, 'A delegation’s quota (quotas[].ms) cannot be below zero.').max(1440 * MINUTE_MS),
}).strict();
export type RoomQuota = z.infer<typeof RoomQuotaSchema>;

/** A session's own quotas replace the event's as a whole; a session with none uses the event's. */
export function roomQuotasOf(eventQuotas: readonly AgendaQuota[] | undefined, roomQuotas: readonly AgendaQuota[] | undefined): RoomQuota[] {
  return (roomQuotas ?? eventQuotas ?? []).map((quota) => ({ delegation: quota.delegation ?? null, ms: Math.round(quota.minutes * MINUTE_MS) }));
}

/** The quota of one delegation: its own line, else the default line, else none. */
export function quotaOf(quotas: readonly RoomQuota[], delegation: string): number | null {
  const key = delegation.toLocaleLowerCase('en');
  const own = quotas.find((quota) => quota.delegation?.toLocaleLowerCase('en') === key);
  return (own ?? quotas.find((quota) => quota.delegation === null))?.ms ?? null;
}

/** Time spoken per delegation, read from the ledger up to `nowMs` (the turn in progress included). */
export function usedPerDelegation(ledger: readonly LedgerEntry[], nowMs: number): Map<string, number> {
  const used = new Map<string, number>();
  for (const turn of ledgerTurns(ledger, nowMs)) {
    const delegation = delegationOf(turn.speaker);
    used.set(delegation, (used.get(delegation) ?? 0) + turn.spokenMs);
  }
  return used;
}

export type QuotaLevel = 'ok' | 'warning' | 'exhausted';

export type QuotaRow = { delegation: string; quotaMs: number; usedMs: number; remainingMs: number; level: QuotaLevel };

export function quotaLevel(remainingMs: number, warningMs: number): QuotaLevel {
  if (remainingMs <= 0) return 'exhausted';
  return remainingMs <= warningMs ? 'warning' : 'ok';
}

/**
 * Every delegation with a quota in this room: the ones named, and, when there is a default, the
 * ones `known` (the event's delegations) and every one that has spoken. Remaining time may go
 * below zero: an exhausted quota is a warning for the chair, never a refusal.
 */
export function quotaRows(quotas: readonly RoomQuota[], ledger: readonly LedgerEntry[], nowMs: number, warningMs: number, known: readonly string[] = []): QuotaRow[] {
  const used = usedPerDelegation(ledger, nowMs);
  const named = quotas.flatMap((quota) => (quota.delegation === null ? [] : [quota.delegation]));
  const hasDefault = quotas.some((quota) => quota.delegation === null);
  const candidates = hasDefault ? [...named, ...known, ...used.keys()] : named;
  const seen = new Set<string>();
  const rows: QuotaRow[] = [];
  for (const delegation of candidates) {
    const key = delegation.toLocaleLowerCase('en');
    if (seen.has(key)) continue;
    seen.add(key);
    const quotaMs = quotaOf(quotas, delegation)!;
    const usedMs = used.get(delegation) ?? 0;
    const remainingMs = quotaMs - usedMs;
    rows.push({ delegation, quotaMs, usedMs, remainingMs, level: quotaLevel(remainingMs, warningMs) });
  }
  return rows;
}

/** What is left of a delegation's quota now, or null when it has none. */
export function quotaRemainingMs(quotas: readonly RoomQuota[], ledger: readonly LedgerEntry[], nowMs: number, delegation: string): number | null {
  const quotaMs = quotaOf(quotas, delegation);
  if (quotaMs === null) return null;
  return quotaMs - (usedPerDelegation(ledger, nowMs).get(delegation) ?? 0);
}

/**
 * A turn's default time under a quota: the turn length, cut to what the delegation has left, but
 * never under the shortest turn. A delegation with nothing left gets the full turn length: the
 * quota shows as exhausted and the chair decides whether to cut the turn short.
 */
export function allotmentUnderQuota(turnMs: number, remainingMs: number | null): number {
  if (remainingMs === null || remainingMs <= 0) return turnMs;
  return Math.max(MIN_TURN_MS, Math.min(turnMs, remainingMs));
}
