import { closesAtOf, type Poll } from '../../../shared/model/poll.ts';
import { formatClock } from '../../../shared/model/timer.ts';

/** When the phone says how long is left, once: late enough to matter, early enough to still vote. */
export const ANNOUNCE_LEFT_MS = 10_000;

export type PollCountdown = { leftMs: number; text: string; timeUp: boolean };

/** An open timed poll's time left by the server clock; null for an untimed or no longer open poll. */
export function pollCountdown(poll: Poll, serverNowMs: number): PollCountdown | null {
  const closesAtMs = closesAtOf(poll);
  if (poll.status !== 'open' || closesAtMs === null) return null;
  const leftMs = Math.max(0, closesAtMs - serverNowMs);
  return { leftMs, text: formatClock(leftMs), timeUp: leftMs === 0 };
}

/** Whether the countdown just crossed ANNOUNCE_LEFT_MS: true for one tick, so the announcement is made once. */
export function crossedAnnouncement(leftMs: number | null, previousLeftMs: number | null): boolean {
  if (leftMs === null || leftMs === 0 || leftMs > ANNOUNCE_LEFT_MS) return false;
  return previousLeftMs === null ? false : previousLeftMs > ANNOUNCE_LEFT_MS;
}

/** The chair's duration choices in seconds; 'custom' asks for a number. */
export const DURATION_CHOICES = ['none', '30', '60', '120', 'custom'] as const;
export type DurationChoice = (typeof DURATION_CHOICES)[number];

/** The poll.open fields for a choice: none, a valid duration, or null when a custom one is out of range. */
export function openFields(choice: DurationChoice, customSec: number, revealOnClose: boolean): { durationSec?: number; revealOnClose?: boolean } | null {
  if (choice === 'none') return {};
  const durationSec = choice === 'custom' ? customSec : Number(choice);
  if (!Number.isInteger(durationSec) || durationSec < 5 || durationSec > 86_400) return null;
  return revealOnClose ? { durationSec, revealOnClose } : { durationSec };
}
