import type { AgendaQuota } from '../../../shared/model/quota.ts';

/**
 * One line of the organiser's quota form: a delegation (empty for "every other delegation") and
 * its minutes as typed. The server checks the lines (a negative quota, a delegation named twice)
 * and names the line it refuses.
 */
export type QuotaLine = { delegation: string; minutes: number | '' };

export function quotaLines(quotas: readonly AgendaQuota[] | undefined): QuotaLine[] {
  return (quotas ?? []).map((quota) => ({ delegation: quota.delegation ?? '', minutes: quota.minutes }));
}

/** The lines as the agenda stores them: a blank delegation is the default line; a line with no minutes is left out. */
export function agendaQuotas(lines: readonly QuotaLine[]): AgendaQuota[] {
  return lines
    .filter((line) => line.minutes !== '')
    .map((line) => {
      const delegation = line.delegation.trim();
      return delegation ? { delegation, minutes: Number(line.minutes) } : { minutes: Number(line.minutes) };
    });
}

/** "Georgia 10 min · others 5 min" for a summary line; the words come from the caller. */
export function quotaSummary(quotas: readonly AgendaQuota[], say: { minutes: (n: number) => string; others: string }): string {
  return quotas.map((quota) => `${quota.delegation ?? say.others} ${say.minutes(quota.minutes)}`).join(' · ');
}
