import { describe, expect, it } from 'vitest';
import { interruptView, mayCallNext } from '../../client/src/lib/interrupt-view.ts';
import type { Floor, SpeakerRequest, Turn } from '../../shared/model/floor.ts';
import type { RequestKind } from '../../shared/model/request-kind.ts';
import { newTimer } from '../../shared/model/timer.ts';

const AT = 1_684_300_000_000;
const minister = { personId: 'u_aida', name: 'Aida Balayeva', organisation: null, country: 'Azerbaijan' };
const nino = { personId: 'u_nino', name: 'Nino Beridze', organisation: null, country: 'Georgia' };

const turn = (kind: RequestKind, speaker = minister): Turn => ({ requestId: `r-${kind}`, speaker, kind, allottedMs: 1_200_000, startedAtMs: AT });
const request = (kind: RequestKind): SpeakerRequest => ({ id: `q-${kind}`, speaker: nino, kind, requestedAtMs: AT, allottedMs: null, addedByModerator: false });
/** The keynote stopped after 7:12 of its 20 minutes. */
const suspended = { turn: turn('contribution'), timer: { ...newTimer(1_200_000, 120_000, 60_000), accumulatedMs: 432_000 }, suspendedAtMs: AT + 432_000 };
const floor = (patch: Partial<Floor>): Floor => ({ listOpen: true, queue: [], current: null, finished: [], suspended: null, ledger: [], ...patch });

describe('an interrupted turn in the console and on the stage display', () => {
  it('shows whose turn waits and the time it had left, the same at any moment', () => {
    const during = floor({ current: turn('point_of_order', nino), suspended });
    expect(interruptView(during, AT + 500_000)).toEqual({ name: 'Aida Balayeva', leftMs: 768_000, leftText: '12:48', pointOfOrderSpeaking: true });
    expect(interruptView(floor({ suspended }), AT + 900_000)).toMatchObject({ leftText: '12:48', pointOfOrderSpeaking: false });
    expect(interruptView(floor({ current: turn('contribution') }), AT)).toBeNull();
  });

  it('offers "call next" only for what the server accepts', () => {
    expect(mayCallNext(floor({ queue: [request('contribution')] }))).toBe(true);
    expect(mayCallNext(floor({ queue: [] }))).toBe(false);
    expect(mayCallNext(floor({ queue: [request('contribution')], suspended }))).toBe(false);
    expect(mayCallNext(floor({ queue: [request('point_of_order')], suspended }))).toBe(true);
    expect(mayCallNext(floor({ queue: [request('point_of_order')], current: turn('point_of_order', nino), suspended }))).toBe(false);
    expect(mayCallNext(floor({ queue: [request('point_of_order')], current: turn('contribution') }))).toBe(true);
  });
});
