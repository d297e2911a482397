import fc from 'fast-check';
import type { AskableRequestKind as RequestKind } from '../../shared/model/floor.ts';
import type { Speaker } from '../../shared/model/person.ts';
import type { Actor } from '../../server/domain/context.ts';
import { MINUTE_MS, type OpenRoom } from './fixtures.ts';

/** The chair's commands on the floor, as the ledger and quota properties drive them. */
export function chairOf(room: OpenRoom, chair: Actor = room.actor('moderator')) {
  return {
    add: (speaker: Speaker, kind: RequestKind = 'contribution', allottedSec?: number) =>
      room.command('floor.add', { speaker, kind, ...(allottedSec === undefined ? {} : { allottedSec }) }, chair),
    call: (requestId?: string) => room.command('floor.call', requestId === undefined ? {} : { requestId }, chair),
    endTurn: () => room.command('floor.endTurn', {}, chair),
    resume: () => room.command('floor.resume', {}, chair),
    extraTime: (seconds: number) => room.command('floor.extraTime', { seconds }, chair),
    pause: () => room.command('timer.pause', { timerId: 'turn' }, chair),
    unpause: () => room.command('timer.resume', { timerId: 'turn' }, chair),
    adjust: (deltaSec: number) => room.command('timer.adjust', { timerId: 'turn', deltaSec }, chair),
    configure: (pointOfOrderMs: number) => room.command('room.configure', { pointOfOrderMs }, chair),
  };
}

export type Step =
  | { step: 'request'; who: number; kind: RequestKind }
  | { step: 'call' }
  | { step: 'callPointOfOrder' }
  | { step: 'endTurn' }
  | { step: 'resumeInterrupted' }
  | { step: 'extraTime'; seconds: number }
  | { step: 'adjust'; deltaSec: number }
  | { step: 'pause' }
  | { step: 'unpause' }
  | { step: 'wait'; ms: number };

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: fc.record({ step: fc.constant('request' as const), who: fc.nat({ max: 4 }), kind: fc.constantFrom<RequestKind>('contribution', 'reply', 'point_of_order') }), weight: 3 },
  { arbitrary: fc.constant({ step: 'call' as const }), weight: 2 },
  { arbitrary: fc.constant({ step: 'callPointOfOrder' as const }), weight: 2 },
  { arbitrary: fc.constant({ step: 'endTurn' as const }), weight: 1 },
  { arbitrary: fc.constant({ step: 'resumeInterrupted' as const }), weight: 2 },
  { arbitrary: fc.record({ step: fc.constant('extraTime' as const), seconds: fc.integer({ min: 1, max: 300 }) }), weight: 1 },
  { arbitrary: fc.record({ step: fc.constant('adjust' as const), deltaSec: fc.integer({ min: -600, max: 600 }).filter((n) => n !== 0) }), weight: 1 },
  { arbitrary: fc.constant({ step: 'pause' as const }), weight: 1 },
  { arbitrary: fc.constant({ step: 'unpause' as const }), weight: 1 },
  { arbitrary: fc.record({ step: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 5 * MINUTE_MS }) }), weight: 4 },
);

