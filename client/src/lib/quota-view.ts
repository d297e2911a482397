import { delegationOf } from '../../../shared/model/person.ts';
import { quotaLevel, quotaRows, quotaRemainingMs, quotaOf, type QuotaLevel, type QuotaRow } from '../../../shared/model/quota.ts';
import { quotaWarningOf, type RoomState } from '../../../shared/model/room.ts';
import { formatClock } from '../../../shared/model/timer.ts';

/** Time left of a quota as m:ss; past zero it counts up as the timers' overtime does, with a "−" for time over. */
export function formatQuota(ms: number): string {
  return formatClock(ms).replace('+', '−');
}

/** Time used counts up in whole seconds, so used and left (which counts down) add up to the quota. */
export function formatUsed(ms: number): string {
  return formatClock(Math.floor(ms / 1000) * 1000);
}

/** The console's list: every delegation with a quota here, the ones at or past a warning first, as the chair needs them. */
export function consoleQuotaRows(state: RoomState, serverNowMs: number, known: readonly string[]): QuotaRow[] {
  const quotas = state.settings.quotas ?? [];
  if (quotas.length === 0) return [];
  return quotaRows(quotas, state.floor.ledger, serverNowMs, quotaWarningOf(state.settings), known);
}

export type StageQuota = { delegation: string; leftText: string; ofText: string; level: QuotaLevel };

/** The current speaker's delegation's remainder for the stage display, or null when it has no quota. */
export function stageQuota(state: RoomState, serverNowMs: number): StageQuota | null {
  const current = state.floor.current;
  const quotas = state.settings.quotas ?? [];
  if (!current || quotas.length === 0) return null;
  const delegation = delegationOf(current.speaker);
  const quotaMs = quotaOf(quotas, delegation);
  const remainingMs = quotaRemainingMs(quotas, state.floor.ledger, serverNowMs, delegation);
  if (quotaMs === null || remainingMs === null) return null;
  return { delegation, leftText: formatQuota(remainingMs), ofText: formatClock(quotaMs), level: quotaLevel(remainingMs, quotaWarningOf(state.settings)) };
}
