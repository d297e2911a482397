import { describe, expect, it } from 'vitest';
import type { Store } from '../../server/store/store.ts';
import { emptyHallState } from '../../shared/model/hall.ts';
import { T0, astanaAgenda, initialRooms, invite, workshopAgenda } from './fixtures.ts';

const HALLS = [
  { id: 'main-hall', name: 'Main Hall', code: 'MAINHALL' },
  { id: 'hall-b', name: 'Hall B', code: 'HALLB' },
];

/** Astana's day one with its two sessions in the Main Hall and two halls with join codes. */
function astanaWithHalls(overrides: Parameters<typeof astanaAgenda>[0] = {}) {
  const base = astanaAgenda();
  return astanaAgenda({ halls: HALLS, rooms: base.rooms.map((room) => ({ ...room, hall: 'main-hall' })), ...overrides });
}

/** The store contract's rules for halls: their choice of session and their join codes. Rule ids are stable. */
export function runHallContract(storeOf: () => Store): void {
  describe('halls: the choice of session', () => {
    it('[SH1] a hall never switched is at revision 0 with no session', async () => {
      expect(await storeOf().loadHall('astana-2023', 'main-hall')).toEqual(emptyHallState('astana-2023', 'main-hall'));
    });

    it('[SH2] a switch moves the revision by one and is kept; the same session again changes nothing', async () => {
      const store = storeOf();
      const first = await store.switchHall('astana-2023', 'main-hall', 'keynote-1', T0);
      expect(first).toEqual({ eventId: 'astana-2023', hallId: 'main-hall', revision: 1, roomId: 'keynote-1', changedAtMs: T0 });
      expect(await store.switchHall('astana-2023', 'main-hall', 'keynote-1', T0 + 5)).toEqual(first);
      const second = await store.switchHall('astana-2023', 'main-hall', 'panel-1', T0 + 10);
      expect(second).toEqual({ ...first, revision: 2, roomId: 'panel-1', changedAtMs: T0 + 10 });
      expect(await store.loadHall('astana-2023', 'main-hall')).toEqual(second);
      // Halls are kept apart, by event and by hall.
      expect(await store.loadHall('astana-2023', 'hall-b')).toEqual(emptyHallState('astana-2023', 'hall-b'));
      expect(await store.loadHall('ny-workshop', 'main-hall')).toEqual(emptyHallState('ny-workshop', 'main-hall'));
    });

    it('[SH3] racing switches each get their own revision, and the hall ends on the last of them', async () => {
      const store = storeOf();
      const rooms = Array.from({ length: 8 }, (_, i) => `session-${i}`);
      const states = await Promise.all(rooms.map((roomId, i) => store.switchHall('astana-2023', 'main-hall', roomId, T0 + i)));
      expect(states.map((state) => state.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      const last = states.find((state) => state.revision === 8)!;
      expect(await store.loadHall('astana-2023', 'main-hall')).toEqual(last);
    });
  });

  describe('halls: join codes', () => {
    it('[SH4] a hall join code finds its event; a code an edit drops is freed, a kept one still finds it', async () => {
      const store = storeOf();
      const agenda = astanaWithHalls();
      expect(await store.saveEvent(agenda, initialRooms(agenda), T0)).toEqual({ outcome: 'saved', revision: 1 });
      expect((await store.findEventByCode('MAINHALL'))?.agenda.id).toBe('astana-2023');
      expect((await store.findEventByCode('HALLB'))?.agenda.id).toBe('astana-2023');
      expect((await store.findEventByCode('MERIT23'))?.agenda.id).toBe('astana-2023');

      const withoutB = astanaWithHalls({ halls: [HALLS[0]!] });
      expect(await store.saveEvent(withoutB, [], T0 + 1, 'present')).toEqual({ outcome: 'saved', revision: 2 });
      expect(await store.findEventByCode('HALLB')).toBeNull();
      expect((await store.findEventByCode('MAINHALL'))?.agenda.halls).toEqual([HALLS[0]]);

      // Freed: another event may take it now, as its audience code.
      const workshop = workshopAgenda({ audienceCode: 'HALLB' });
      expect(await store.saveEvent(workshop, initialRooms(workshop), T0 + 2)).toEqual({ outcome: 'saved', revision: 1 });
      expect((await store.findEventByCode('HALLB'))?.agenda.id).toBe('ny-workshop');
    });

    it('[SH5] a code another event holds is refused both ways, as a hall code or an audience code; nothing is written', async () => {
      const store = storeOf();
      const agenda = astanaWithHalls();
      await store.saveEvent(agenda, initialRooms(agenda), T0);

      const audienceTaken = workshopAgenda({ audienceCode: 'MAINHALL' });
      expect(await store.saveEvent(audienceTaken, initialRooms(audienceTaken), T0)).toEqual({ outcome: 'code_taken', eventId: 'astana-2023', code: 'MAINHALL' });
      const hallTaken = workshopAgenda({ halls: [{ id: 'ballroom', name: 'Ballroom', code: 'MERIT23' }] });
      expect(await store.saveEvent(hallTaken, initialRooms(hallTaken), T0)).toEqual({ outcome: 'code_taken', eventId: 'astana-2023', code: 'MERIT23' });
      const hallCodeTaken = workshopAgenda({ halls: [{ id: 'ballroom', name: 'Ballroom', code: 'HALLB' }] });
      expect(await store.saveEvent(hallCodeTaken, initialRooms(hallCodeTaken), T0)).toEqual({ outcome: 'code_taken', eventId: 'astana-2023', code: 'HALLB' });
      expect(await store.getEvent('ny-workshop')).toBeNull();
      expect(await store.loadRoom('ny-opening')).toBeNull();

      // The event's own codes may trade places: its hall's code becomes its audience code.
      const swapped = astanaWithHalls({ audienceCode: 'HALLB', halls: [HALLS[0]!, { ...HALLS[1]!, code: 'MERIT23' }] });
      expect(await store.saveEvent(swapped, [], T0 + 1, 'present')).toEqual({ outcome: 'saved', revision: 2 });
      expect((await store.findEventByCode('MERIT23'))?.agenda.audienceCode).toBe('HALLB');
      expect((await store.findEventByCode('HALLB'))?.agenda.id).toBe('astana-2023');
    });

    it('[SH6] of two events racing for one hall code, exactly one is saved', async () => {
      const store = storeOf();
      const racers = Array.from({ length: 6 }, (_, i) =>
        workshopAgenda({
          id: `hall-race-${i}`,
          audienceCode: `RACE${i}`,
          halls: [{ id: 'ballroom', name: 'Ballroom', code: 'BALLROOM' }],
          rooms: [{ ...workshopAgenda().rooms[0]!, id: `hall-race-room-${i}`, hall: 'ballroom' }],
        }),
      );
      const outcomes = await Promise.all(racers.map((agenda) => store.saveEvent(agenda, initialRooms(agenda), T0)));
      const winner = outcomes.findIndex((outcome) => outcome.outcome === 'saved');
      expect(outcomes.filter((outcome) => outcome.outcome === 'saved')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.outcome === 'code_taken')).toHaveLength(5);
      expect((await store.findEventByCode('BALLROOM'))?.agenda.id).toBe(`hall-race-${winner}`);
      expect(await store.listEvents()).toHaveLength(1);
    });

    it('[SH7] an invite for a hall keeps its hall', async () => {
      const store = storeOf();
      const agenda = astanaWithHalls();
      await store.saveEvent(agenda, initialRooms(agenda), T0);
      await store.saveInvite(invite('hall-screen-secret', { role: 'display', roomId: null, hallId: 'main-hall' }));
      expect(await store.findInvite('hall-screen-secret')).toMatchObject({ role: 'display', roomId: null, hallId: 'main-hall' });
      expect(await store.listInvites('astana-2023')).toEqual([expect.objectContaining({ hallId: 'main-hall' })]);
    });
  });
}
