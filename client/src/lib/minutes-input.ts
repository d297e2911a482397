/**
 * What a moderator types for a length of time, in minutes: "3", "2.5", "2,5" (a Russian
 * keyboard's decimal comma) or "2:30" (minutes and seconds). Empty means "no value".
 */
export type MinutesParse = { ok: true; seconds: number | null } | { ok: false };

export function parseMinutes(text: string, bounds: { minSec: number; maxSec: number }): MinutesParse {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, seconds: null };
  let seconds: number;
  const clock = /^(\d{1,4}):([0-5]\d)$/.exec(trimmed);
  if (clock) seconds = Number(clock[1]) * 60 + Number(clock[2]);
  else if (/^\d{1,4}([.,]\d{1,2})?$/.test(trimmed)) seconds = Math.round(Number(trimmed.replace(',', '.')) * 60);
  else return { ok: false };
  if (seconds < bounds.minSec || seconds > bounds.maxSec) return { ok: false };
  return { ok: true, seconds };
}

/** The other way round, for an input's initial value: 150 s → "2:30", 600 s → "10". */
export function minutesText(ms: number): string {
  const totalSeconds = Math.round(ms / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return seconds === 0 ? String(minutes) : `${minutes}:${String(seconds).padStart(2, '0')}`;
}
