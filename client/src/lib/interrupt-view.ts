import type { Floor } from '../../../shared/model/floor.ts';
import { remainingMs } from '../../../shared/model/timer.ts';
import { formatClock } from '../../../shared/model/timer.ts';

/** A turn a point of order interrupted, as the console and the stage display show it. */
export type InterruptView = {
  name: string;
  /** The time it had left when it stopped (negative: it was already over time). */
  leftMs: number;
  leftText: string;
  /** The point of order still has the floor; otherwise the turn is waiting to be resumed. */
  pointOfOrderSpeaking: boolean;
};

/** Its timer stopped when it was suspended, so the time left is the same at any moment until it resumes. */
export function interruptView(floor: Floor, serverNowMs: number): InterruptView | null {
  const suspended = floor.suspended;
  if (!suspended) return null;
  const leftMs = remainingMs(suspended.timer, serverNowMs);
  return { name: suspended.turn.speaker.name, leftMs, leftText: formatClock(leftMs), pointOfOrderSpeaking: floor.current?.kind === 'point_of_order' };
}

/**
 * Whether "call next" would be accepted: while a turn is interrupted only a point of order may be
 * heard before it, and never a point of order inside a point of order (docs/FLOOR.md).
 */
export function mayCallNext(floor: Floor): boolean {
  const next = floor.queue[0];
  if (!next) return false;
  const pointOfOrder = next.kind === 'point_of_order';
  if (pointOfOrder && floor.current?.kind === 'point_of_order') return false;
  return floor.suspended === null || pointOfOrder;
}
