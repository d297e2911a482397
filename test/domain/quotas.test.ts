import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AgendaRoomSchema, AgendaSchema, type AgendaRoom } from '../../shared/model/event.ts';
import { ledgerTurns } from '../../shared/model/ledger.ts';
import { delegationOf } from '../../shared/model/person.ts';
import { allotmentUnderQuota, quotaRows, roomQuotasOf } from '../../shared/model/quota.ts';
import { initialRoomState } from '../../server/domain/initial-state.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, panelOne, refusal, SECOND_MS } from './fixtures.ts';
import { chairOf, stepArb } from './ledger-steps.ts';

const COUNTRIES = ['Azerbaijan', 'Georgia', 'Kazakhstan', 'Kyrgyzstan', 'Tajikistan'];

/** The workshop's exchange of experience: ten minutes per delegation, turns of five. */
const exchange: AgendaRoom = AgendaRoomSchema.parse({
  ...panelOne,
  id: 'ny-exchange',
  kind: 'workshop',
  turnMinutes: 5,
  quotas: COUNTRIES.map((delegation) => ({ delegation, minutes: 10 })),
});

describe('quotas in the agenda', () => {
  it('refuses a quota below zero, naming the field', () => {
    const parsed = AgendaRoomSchema.safeParse({ ...panelOne, quotas: [{ delegation: 'Georgia', minutes: -1 }] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['quotas', 0, 'minutes'], message: 'a quota is 0 minutes or more' });
  });

  it('refuses a delegation named twice and two defaults', () => {
    expect(AgendaRoomSchema.safeParse({ ...panelOne, quotas: [{ delegation: 'Georgia', minutes: 5 }, { delegation: 'georgia', minutes: 6 }] }).success).toBe(false);
    expect(AgendaRoomSchema.safeParse({ ...panelOne, quotas: [{ minutes: 5 }, { minutes: 6 }] }).success).toBe(false);
  });

  it("gives a session the event's quotas unless it sets its own, which replace them", () => {
    const event = [{ minutes: 8 }];
    expect(roomQuotasOf(event, undefined)).toEqual([{ delegation: null, ms: 8 * MINUTE_MS }]);
    expect(roomQuotasOf(event, [{ delegation: 'Georgia', minutes: 10 }])).toEqual([{ delegation: 'Georgia', ms: 10 * MINUTE_MS }]);
    expect(roomQuotasOf(event, [])).toEqual([]);
    expect(initialRoomState(panelOne, event).settings.quotas).toEqual([{ delegation: null, ms: 8 * MINUTE_MS }]);
    expect(initialRoomState(panelOne).settings.quotas).toBeUndefined();
  });

  it('accepts event-level quotas in an agenda', () => {
    const agenda = AgendaSchema.parse({ id: 'ny', title: 'Workshop', audienceCode: 'NY2023', quotas: [{ minutes: 10 }], rooms: [panelOne] });
    expect(agenda.quotas).toEqual([{ minutes: 10 }]);
  });
});

describe('a quota in the room', () => {
  it('refuses a negative quota from the chair and changes nothing', () => {
    const room = openRoom(exchange);
    const before = room.state;
    const refused = room.command('room.configure', { quotas: [{ delegation: 'Georgia', ms: -1 }] }, room.actor('moderator'));
    expect(refusal(refused)).toBe('invalid_input');
    expect(!refused.ok && refused.error.message).toContain('quotas');
    expect(room.state).toBe(before);
  });

  it("allots the smaller of the turn length and the delegation's remainder, never under 10 s, and the full turn once exhausted", () => {
    const room = openRoom(exchange);
    const chair = chairOf(room);
    const georgia = namedSpeaker('Nino Beridze', 'Civil Service Bureau', 'Georgia');
    for (const spokenMs of [5 * MINUTE_MS, 3 * MINUTE_MS + 20 * SECOND_MS]) {
      accepted(chair.add(georgia));
      accepted(chair.call());
      room.advance(spokenMs);
      accepted(chair.endTurn());
    }
    accepted(chair.add(georgia));
    accepted(chair.call());
    expect(room.state.floor.current?.allottedMs).toBe(MINUTE_MS + 40 * SECOND_MS);
    room.advance(MINUTE_MS + 35 * SECOND_MS);
    accepted(chair.endTurn());
    accepted(chair.add(georgia));
    accepted(chair.call());
    expect(room.state.floor.current?.allottedMs).toBe(10 * SECOND_MS);
    room.advance(30 * SECOND_MS);
    accepted(chair.endTurn());
    accepted(chair.add(georgia));
    expect(chair.call().ok).toBe(true);
    expect(room.state.floor.current?.allottedMs).toBe(5 * MINUTE_MS);
    const rows = quotaRows(room.state.settings.quotas!, room.state.floor.ledger, room.nowMs, 2 * MINUTE_MS);
    expect(rows.find((row) => row.delegation === 'Georgia')).toMatchObject({ level: 'exhausted', remainingMs: -25 * SECOND_MS });
    expect(rows.find((row) => row.delegation === 'Uzbekistan')).toBeUndefined();
    expect(rows.find((row) => row.delegation === 'Kazakhstan')).toMatchObject({ level: 'ok', usedMs: 0, remainingMs: 10 * MINUTE_MS });
  });

  it('leaves the allotment alone without a quota, and keeps the time the chair gave', () => {
    expect(allotmentUnderQuota(5 * MINUTE_MS, null)).toBe(5 * MINUTE_MS);
    const room = openRoom(exchange);
    const chair = chairOf(room);
    accepted(chair.add(namedSpeaker('Aziz Karimov', null, 'Uzbekistan')));
    accepted(chair.call());
    expect(room.state.floor.current?.allottedMs).toBe(5 * MINUTE_MS);
    accepted(chair.add(namedSpeaker('Aida Balayeva', null, 'Azerbaijan'), 'contribution', 12 * 60));
    accepted(chair.call());
    expect(room.state.floor.current?.allottedMs).toBe(12 * MINUTE_MS);
  });

  it('warns at the room threshold', () => {
    const rows = quotaRows([{ delegation: null, ms: 3 * MINUTE_MS }], [], 0, 3 * MINUTE_MS, ['Georgia']);
    expect(rows).toEqual([{ delegation: 'Georgia', quotaMs: 3 * MINUTE_MS, usedMs: 0, remainingMs: 3 * MINUTE_MS, level: 'warning' }]);
  });
});

describe('quota used, for any sequence of calls, pauses, interrupts, resumes and extra time', () => {
  it('equals the ledger time per delegation', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 20, maxLength: 60 }), (steps) => {
        const room = openRoom(AgendaRoomSchema.parse({ ...exchange, quotas: [{ minutes: 10 }] }));
        const chair = chairOf(room);
        const delegates = COUNTRIES.map((country, i) => room.actor('participant', { name: `Delegate ${i + 1}`, organisation: null, country }));
        for (const step of steps) {
          if (step.step === 'request') room.command('floor.request', { kind: step.kind }, delegates[step.who]!);
          if (step.step === 'call') chair.call();
          if (step.step === 'callPointOfOrder') {
            const pointOfOrder = room.state.floor.queue.find((r) => r.kind === 'point_of_order');
            if (pointOfOrder) chair.call(pointOfOrder.id);
          }
          if (step.step === 'endTurn') chair.endTurn();
          if (step.step === 'resumeInterrupted') chair.resume();
          if (step.step === 'extraTime') chair.extraTime(step.seconds);
          if (step.step === 'adjust') chair.adjust(step.deltaSec);
          if (step.step === 'pause') chair.pause();
          if (step.step === 'unpause') chair.unpause();
          if (step.step === 'wait') room.advance(step.ms);

          const { floor, settings } = room.state;
          const fromLedger = new Map<string, number>();
          for (const turn of ledgerTurns(floor.ledger, room.nowMs)) {
            const delegation = delegationOf(turn.speaker);
            fromLedger.set(delegation, (fromLedger.get(delegation) ?? 0) + turn.spokenMs);
          }
          const rows = quotaRows(settings.quotas!, floor.ledger, room.nowMs, 2 * MINUTE_MS, COUNTRIES);
          expect(rows.map((row) => row.delegation)).toEqual(COUNTRIES);
          for (const row of rows) {
            expect(row.usedMs, row.delegation).toBe(fromLedger.get(row.delegation) ?? 0);
            expect(row.remainingMs).toBe(10 * MINUTE_MS - row.usedMs);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
