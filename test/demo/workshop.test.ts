import { describe, expect, it } from 'vitest';
import { readDemoAgenda, readDemoAgendas, readDemoWorkshopAgenda } from '../../server/demo/load-demo.ts';
import { roomQuotasOf } from '../../shared/model/quota.ts';

const MINUTE_MS = 60_000;
const SIX = ['Azerbaijan', 'Georgia', 'Kazakhstan', 'Kyrgyzstan', 'Tajikistan', 'Uzbekistan'];
const workshop = readDemoWorkshopAgenda();

function localDate(iso: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: workshop.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
}

describe('the New York workshop demo agenda', () => {
  it('is loaded beside the 2023 conference, with its own code, halls and room ids', () => {
    const [conference, second] = readDemoAgendas();
    expect(conference!.id).toBe('acsh-2023');
    expect(second!.id).toBe('acsh-icsc-2023');
    expect(workshop.audienceCode).not.toBe(readDemoAgenda().audienceCode);
    const conferenceRooms = new Set(readDemoAgenda().rooms.map((room) => room.id));
    expect(workshop.rooms.filter((room) => conferenceRooms.has(room.id))).toEqual([]);
    const conferenceHalls = new Set(readDemoAgenda().halls.flatMap((hall) => [hall.id, hall.code]));
    expect(workshop.halls.filter((hall) => conferenceHalls.has(hall.id) || conferenceHalls.has(hall.code))).toEqual([]);
  });

  it('runs in New York from 27 to 30 November 2023', () => {
    expect(workshop.timezone).toBe('America/New_York');
    const days = new Set(workshop.rooms.flatMap((room) => [room.startsAt, room.endsAt]).map(localDate));
    expect([...days].sort()).toEqual(['2023-11-27', '2023-11-28', '2023-11-29', '2023-11-30']);
  });

  it('has the six delegations that shared their experience', () => {
    expect(workshop.delegations).toEqual(SIX);
  });

  it('gives each of the six ten minutes in the sessions where they share their experience, and no quota elsewhere', () => {
    const withQuotas = workshop.rooms.filter((room) => roomQuotasOf(workshop.quotas, room.quotas).length > 0);
    expect(withQuotas.map((room) => room.id)).toEqual(['hrm-country-experience', 'hrm-merit-benefits']);
    for (const room of withQuotas) {
      expect(roomQuotasOf(workshop.quotas, room.quotas)).toEqual(SIX.map((delegation) => ({ delegation, ms: 10 * MINUTE_MS })));
      // Turns shorter than the quota: a delegation speaks more than once before its time runs out.
      expect(room.turnMinutes, room.id).toBeLessThan(10);
    }
  });
});
