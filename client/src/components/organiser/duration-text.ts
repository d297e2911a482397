import type { ComposerTranslation } from 'vue-i18n';
import { durationParts } from '../../lib/organiser-report.ts';

/** "12 min 5 s", "1 h 2 min" or "40 s" in the reader's language. */
export function durationText(t: ComposerTranslation, ms: number): string {
  const parts = durationParts(ms);
  if (parts.hours > 0) return t('organiser.report.durationHours', parts);
  if (parts.minutes > 0) return t('organiser.report.duration', parts);
  return t('organiser.report.durationSeconds', parts);
}
