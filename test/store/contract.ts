import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inviteIdOf } from '../../server/auth/secrets.ts';
import type { BallotOutcome, CommandReceipt, Contributions, Store } from '../../server/store/store.ts';
import { describeControlKeys } from './control-keys-contract.ts';
import { describeQuizzes } from './quiz-contract.ts';
import { describeWebhooks } from './webhooks-contract.ts';
import {
  T0,
  astanaAgenda,
  initialRooms,
  invite,
  multipleVote,
  nextDelta,
  nonZero,
  openTextAnswer,
  person,
  singleVote,
  workshopAgenda,
} from './fixtures.ts';
import { runHallContract } from './hall-contract.ts';

export type StoreUnderTest = { store: Store; cleanup: () => Promise<void> };

/**
 * What every Store must do, whatever keeps the data. `makeStore` returns a fresh, empty,
 * initialised store; `cleanup` closes it and removes what it wrote. Rule ids are stable:
 * cite them when a store fails one.
 */
export function runStoreContract(name: string, makeStore: () => Promise<StoreUnderTest>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await makeStore());
    });
    afterEach(async () => {
      await cleanup();
    });

    async function loadedRoom(roomId = 'keynote-1') {
      const agenda = astanaAgenda();
      await store.saveEvent(agenda, initialRooms(agenda), T0);
      const room = await store.loadRoom(roomId);
      if (!room) throw new Error(`room ${roomId} was not created`);
      return room;
    }

    runHallContract(() => store);

    describe('rooms', () => {
      it('[ST1] commitRoom appends a delta and stores the state', async () => {
        const room = await loadedRoom();
        expect(room.revision).toBe(0);

        const { delta, next } = nextDelta(room, [{ type: 'room.opened' }], T0 + 1000);
        expect(await store.commitRoom(delta, next)).toBe('committed');

        expect(await store.loadRoom('keynote-1')).toEqual(next);
        expect(await store.deltasSince('keynote-1', 0, 100)).toEqual([delta]);
      });

      it('[ST32] a room state stored before the speaking-time ledger loads with an empty ledger, no suspended turn and the default point-of-order time', async () => {
        const room = await loadedRoom();
        const { delta, next } = nextDelta(room, [{ type: 'room.opened' }], T0 + 1000);
        const { pointOfOrderMs: _p, ...settings } = next.settings;
        const { ledger: _l, suspended: _s, ...floor } = next.floor;
        const stored = { ...next, settings, floor } as unknown as typeof next;
        expect(await store.commitRoom(delta, stored)).toBe('committed');

        expect(await store.loadRoom('keynote-1')).toEqual({
          ...next,
          settings: { ...settings, pointOfOrderMs: 120_000 },
          floor: { ...floor, suspended: null, ledger: [] },
        });
      });

      it('[ST2] commitRoom with a stale revision writes nothing and reports conflict', async () => {
        const room = await loadedRoom();
        const opened = nextDelta(room, [{ type: 'room.opened' }]);
        expect(await store.commitRoom(opened.delta, opened.next)).toBe('committed');

        // A second command decided on the revision-0 state it loaded before the first committed.
        const stale = nextDelta(room, [{ type: 'room.closed' }]);
        expect(await store.commitRoom(stale.delta, stale.next)).toBe('conflict');
        // One that skips a revision is refused too.
        const ahead = nextDelta({ ...opened.next, revision: 5 }, [{ type: 'room.closed' }]);
        expect(await store.commitRoom(ahead.delta, ahead.next)).toBe('conflict');

        expect(await store.loadRoom('keynote-1')).toEqual(opened.next);
        expect(await store.deltasSince('keynote-1', 0, 100)).toEqual([opened.delta]);
      });

      it('[ST2b] commitRoom on a room that does not exist reports conflict and creates nothing', async () => {
        const agenda = astanaAgenda();
        const [ghost] = initialRooms(agenda);
        const { delta, next } = nextDelta({ ...ghost!, roomId: 'no-such-room' }, [{ type: 'room.opened' }]);
        expect(await store.commitRoom(delta, next)).toBe('conflict');
        expect(await store.loadRoom('no-such-room')).toBeNull();
        expect(await store.deltasSince('no-such-room', 0, 10)).toEqual([]);
      });

      it('[ST2c] of concurrent commits on one revision, exactly one wins', async () => {
        const room = await loadedRoom();
        const attempts = Array.from({ length: 20 }, (_, i) =>
          nextDelta(room, [{ type: 'message.sent', message: { id: `m${i}`, text: `message ${i}`, sentAtMs: T0 } }]),
        );
        const outcomes = await Promise.all(attempts.map(({ delta, next }) => store.commitRoom(delta, next)));
        expect(outcomes.filter((outcome) => outcome === 'committed')).toHaveLength(1);
        const winner = attempts[outcomes.indexOf('committed')]!;
        expect(await store.loadRoom('keynote-1')).toEqual(winner.next);
        expect(await store.deltasSince('keynote-1', 0, 100)).toEqual([winner.delta]);
      });

      it('[ST3] deltasSince returns deltas in order, bounded by limit', async () => {
        let state = await loadedRoom();
        const deltas = [];
        for (let i = 1; i <= 5; i++) {
          const step = nextDelta(state, [{ type: i % 2 ? 'room.opened' : 'room.closed' }], T0 + i);
          expect(await store.commitRoom(step.delta, step.next)).toBe('committed');
          deltas.push(step.delta);
          state = step.next;
        }

        expect(await store.deltasSince('keynote-1', 0, 100)).toEqual(deltas);
        expect(await store.deltasSince('keynote-1', 2, 100)).toEqual(deltas.slice(2));
        expect(await store.deltasSince('keynote-1', 1, 2)).toEqual(deltas.slice(1, 3));
        expect(await store.deltasSince('keynote-1', 5, 100)).toEqual([]);
        expect(await store.deltasSince('keynote-1', 0, 0)).toEqual([]);
        expect(await store.deltasSince('panel-1', 0, 100)).toEqual([]);
      });

      it('[ST4] saveEvent never overwrites a live room, and adds rooms the agenda newly names', async () => {
        const room = await loadedRoom();
        const { delta, next } = nextDelta(room, [{ type: 'room.opened' }]);
        await store.commitRoom(delta, next);

        // The organiser edits the agenda during the event and adds a roundtable.
        const edited = astanaAgenda({
          title: 'Meritocracy. Integrity. Innovation. (revised)',
          rooms: [
            ...astanaAgenda().rooms,
            {
              id: 'roundtable-1',
              title: 'Roundtable: digital HR',
              kind: 'roundtable',
              startsAt: '2023-05-18T10:00:00+06:00',
              endsAt: '2023-05-18T11:30:00+06:00',
            },
          ],
        });
        await store.saveEvent(edited, initialRooms(edited), T0 + 60_000);

        expect(await store.loadRoom('keynote-1')).toEqual(next);
        expect(await store.deltasSince('keynote-1', 0, 100)).toEqual([delta]);
        expect((await store.loadRoom('roundtable-1'))?.revision).toBe(0);
      });
    });

    describe('events', () => {
      it('[ST5] findEventByCode finds the event by its audience code, and follows a changed code', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, initialRooms(agenda), T0);
        expect((await store.findEventByCode('MERIT23'))?.agenda).toEqual(agenda);
        expect(await store.findEventByCode('NOPE99')).toBeNull();

        const recoded = astanaAgenda({ audienceCode: 'ASTANA' });
        await store.saveEvent(recoded, [], T0 + 1);
        expect((await store.findEventByCode('ASTANA'))?.agenda).toEqual(recoded);
        expect(await store.findEventByCode('MERIT23')).toBeNull();
      });

      it('[ST6] saveEvent replaces the agenda and keeps the creation time', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, initialRooms(agenda), T0);
        const revised = astanaAgenda({ subtitle: 'Annual conference of the civil-service hub' });
        await store.saveEvent(revised, initialRooms(revised), T0 + 5_000);

        expect(await store.getEvent('astana-2023')).toEqual({ agenda: revised, revision: 2, createdAtMs: T0, updatedAtMs: T0 + 5_000 });
        expect(await store.getEvent('no-such-event')).toBeNull();

        const workshop = workshopAgenda();
        await store.saveEvent(workshop, initialRooms(workshop), T0 + 10_000);
        const listed = await store.listEvents();
        expect(listed.map((event) => event.agenda.id).sort()).toEqual(['astana-2023', 'ny-workshop']);
      });
    });

    describe('event saves: checked and written in one atomic step', () => {
      it('[ST23] an event is at revision 1 when created and one more with every save; every read tells it', async () => {
        const agenda = astanaAgenda();
        expect(await store.saveEvent(agenda, initialRooms(agenda), T0)).toEqual({ outcome: 'saved', revision: 1 });
        const revised = astanaAgenda({ subtitle: 'Day one' });
        expect(await store.saveEvent(revised, initialRooms(revised), T0 + 1, 'present')).toEqual({ outcome: 'saved', revision: 2 });
        expect(await store.saveEvent(revised, [], T0 + 2, { revision: 2 })).toEqual({ outcome: 'saved', revision: 3 });

        expect((await store.getEvent('astana-2023'))?.revision).toBe(3);
        expect((await store.findEventByCode('MERIT23'))?.revision).toBe(3);
        expect((await store.listEvents()).map((event) => event.revision)).toEqual([3]);
      });

      it('[ST24] a creation refuses an id that exists, a replacement one that does not, writing nothing', async () => {
        const agenda = astanaAgenda();
        expect(await store.saveEvent(workshopAgenda(), initialRooms(workshopAgenda()), T0, 'present')).toEqual({ outcome: 'no_event' });
        expect(await store.saveEvent(workshopAgenda(), [], T0, { revision: 1 })).toEqual({ outcome: 'no_event' });
        expect(await store.getEvent('ny-workshop')).toBeNull();
        expect(await store.loadRoom('ny-opening')).toBeNull();

        expect(await store.saveEvent(agenda, initialRooms(agenda), T0, 'absent')).toEqual({ outcome: 'saved', revision: 1 });
        const again = astanaAgenda({ title: 'A second event under the same id' });
        expect(await store.saveEvent(again, initialRooms(again), T0 + 1, 'absent')).toEqual({ outcome: 'event_exists' });
        expect(await store.getEvent('astana-2023')).toMatchObject({ agenda, revision: 1, updatedAtMs: T0 });
      });

      it('[ST25] a save expecting a revision is stale once another save came first, and names the revision now stored', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, initialRooms(agenda), T0);
        const first = astanaAgenda({ title: 'Edited by the first organiser' });
        expect(await store.saveEvent(first, [], T0 + 1, { revision: 1 })).toEqual({ outcome: 'saved', revision: 2 });
        const second = astanaAgenda({ title: 'Edited by the second organiser, on revision 1' });
        expect(await store.saveEvent(second, [], T0 + 2, { revision: 1 })).toEqual({ outcome: 'stale', revision: 2 });
        expect(await store.getEvent('astana-2023')).toMatchObject({ agenda: first, revision: 2 });
      });

      it('[ST26] an audience code another event holds is refused, naming that event; nothing is written', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, initialRooms(agenda), T0);
        const copycat = workshopAgenda({ audienceCode: 'MERIT23' });
        expect(await store.saveEvent(copycat, initialRooms(copycat), T0, 'any')).toEqual({ outcome: 'code_taken', eventId: 'astana-2023', code: 'MERIT23' });
        expect(await store.getEvent('ny-workshop')).toBeNull();
        expect(await store.loadRoom('ny-opening')).toBeNull();
        expect((await store.findEventByCode('MERIT23'))?.agenda.id).toBe('astana-2023');
      });

      it('[ST27] a room id another event names is refused, naming both; a room an event drops is free again', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, initialRooms(agenda), T0);
        const [keynote] = agenda.rooms;
        const poacher = workshopAgenda({ rooms: [...workshopAgenda().rooms, keynote!] });
        expect(await store.saveEvent(poacher, initialRooms(poacher), T0, 'absent')).toEqual({ outcome: 'room_taken', roomId: 'keynote-1', eventId: 'astana-2023' });
        expect(await store.getEvent('ny-workshop')).toBeNull();
        expect(await store.loadRoom('ny-opening')).toBeNull();

        // The event saving its own rooms again is no conflict; once it drops the keynote, another event may name it.
        const withoutKeynote = astanaAgenda({ rooms: agenda.rooms.slice(1) });
        expect(await store.saveEvent(withoutKeynote, [], T0 + 1, 'present')).toEqual({ outcome: 'saved', revision: 2 });
        expect(await store.saveEvent(poacher, initialRooms(poacher), T0 + 2, 'absent')).toEqual({ outcome: 'saved', revision: 1 });
        expect(await store.saveEvent(agenda, [], T0 + 3, 'present')).toEqual({ outcome: 'room_taken', roomId: 'keynote-1', eventId: 'ny-workshop' });
      });

      it('[ST28] of concurrent creations of one id exactly one is saved; the stored agenda is the winner\'s', async () => {
        const attempts = Array.from({ length: 8 }, (_, i) =>
          workshopAgenda({ title: `Attempt ${i}`, audienceCode: `NYC${i}`, rooms: [{ ...workshopAgenda().rooms[0]!, id: `ny-opening-${i}` }] }),
        );
        const outcomes = await Promise.all(attempts.map((agenda) => store.saveEvent(agenda, initialRooms(agenda), T0, 'absent')));
        const winners = outcomes.flatMap((outcome, i) => (outcome.outcome === 'saved' ? [i] : []));
        expect(winners).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome.outcome === 'event_exists')).toHaveLength(7);
        expect((await store.getEvent('ny-workshop'))?.agenda).toEqual(attempts[winners[0]!]);
        expect(await store.listEvents()).toHaveLength(1);
      });

      it('[ST29] of concurrent saves of different events wanting one room id, or one audience code, exactly one is saved', async () => {
        const shared = workshopAgenda().rooms[0]!;
        const roomRace = Array.from({ length: 8 }, (_, i) => workshopAgenda({ id: `room-race-${i}`, audienceCode: `ROOM${i}`, rooms: [shared] }));
        const roomOutcomes = await Promise.all(roomRace.map((agenda) => store.saveEvent(agenda, initialRooms(agenda), T0)));
        expect(roomOutcomes.filter((outcome) => outcome.outcome === 'saved')).toHaveLength(1);
        expect(roomOutcomes.filter((outcome) => outcome.outcome === 'room_taken')).toHaveLength(7);

        const codeRace = Array.from({ length: 8 }, (_, i) =>
          workshopAgenda({ id: `code-race-${i}`, audienceCode: 'SAMECODE', rooms: [{ ...shared, id: `code-race-room-${i}` }] }),
        );
        const codeOutcomes = await Promise.all(codeRace.map((agenda) => store.saveEvent(agenda, initialRooms(agenda), T0)));
        expect(codeOutcomes.filter((outcome) => outcome.outcome === 'saved')).toHaveLength(1);
        expect(codeOutcomes.filter((outcome) => outcome.outcome === 'code_taken')).toHaveLength(7);
        expect(await store.listEvents()).toHaveLength(2);
      });

      it('[ST30] of concurrent saves expecting one revision exactly one is saved; the rest are stale', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, initialRooms(agenda), T0);
        const edits = Array.from({ length: 8 }, (_, i) => astanaAgenda({ title: `Edit ${i}` }));
        const outcomes = await Promise.all(edits.map((edit) => store.saveEvent(edit, [], T0 + 1, { revision: 1 })));
        const winner = outcomes.findIndex((outcome) => outcome.outcome === 'saved');
        expect(outcomes.filter((outcome) => outcome.outcome === 'saved')).toEqual([{ outcome: 'saved', revision: 2 }]);
        expect(outcomes.filter((outcome) => outcome.outcome === 'stale')).toHaveLength(7);
        expect(await store.getEvent('astana-2023')).toMatchObject({ agenda: edits[winner], revision: 2 });
      });
    });

    describeControlKeys(() => store);
    describeWebhooks(() => store);
    describeQuizzes(() => store);

    describe('invites, people and secrets', () => {
      it('[ST7] an invite is found by its secret and listed with its event only', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, [], T0);
        await store.saveEvent(workshopAgenda(), [], T0);

        const moderator = invite('s3cret-moderator');
        const organiser = invite('s3cret-organiser', { role: 'organiser', roomId: null, createdAtMs: T0 + 1 });
        const elsewhere = invite('s3cret-ny', { eventId: 'ny-workshop' });
        await Promise.all([store.saveInvite(moderator), store.saveInvite(organiser), store.saveInvite(elsewhere)]);

        expect(await store.findInvite('s3cret-moderator')).toEqual(moderator);
        expect(await store.findInvite('s3cret-organiser')).toEqual(organiser);
        expect(await store.findInvite('not-a-secret')).toBeNull();
        const listed = await store.listInvites('astana-2023');
        expect(listed.sort((a, b) => a.secret.localeCompare(b.secret))).toEqual([moderator, organiser]);
        expect(await store.listInvites('no-such-event')).toEqual([]);
      });

      it('[ST31] an invite keeps its label; revoking it marks it once, and its id (not its secret) is known as revoked', async () => {
        await store.saveEvent(astanaAgenda(), [], T0);
        const display = invite('s3cret-display', { role: 'display', label: 'Stage left display' });
        const other = invite('s3cret-other', { role: 'panellist', createdAtMs: T0 + 1 });
        await Promise.all([store.saveInvite(display), store.saveInvite(other)]);
        expect(await store.findInvite('s3cret-display')).toEqual(display);

        expect(await store.revokeInvite('s3cret-display', T0 + 5)).toBe(true);
        expect(await store.revokeInvite('s3cret-display', T0 + 9)).toBe(true);
        expect(await store.revokeInvite('not-a-secret', T0 + 9)).toBe(false);

        const revoked = { ...display, revokedAtMs: T0 + 5 };
        expect(await store.findInvite('s3cret-display')).toEqual(revoked);
        expect(await store.listInvites('astana-2023')).toEqual([revoked, other]);
        expect(await store.inviteRevoked(inviteIdOf('s3cret-display'))).toBe(true);
        expect(await store.inviteRevoked(inviteIdOf('s3cret-other'))).toBe(false);
        expect(await store.inviteRevoked('s3cret-display')).toBe(false);
        expect(await store.findInvite('not-a-secret')).toBeNull();
      });

      it('[ST8] a person is saved, replaced by a later save, and listed with their event only', async () => {
        const agenda = astanaAgenda();
        await store.saveEvent(agenda, [], T0);
        await store.saveEvent(workshopAgenda(), [], T0);

        const aigerim = person('p-aigerim', { name: 'Aigerim', country: 'Kazakhstan' });
        const giorgi = person('p-giorgi', { name: 'Giorgi', country: 'Georgia', attendance: 'remote', createdAtMs: T0 + 1 });
        const visitor = person('p-visitor', { eventId: 'ny-workshop' });
        await Promise.all([store.savePerson(aigerim), store.savePerson(giorgi), store.savePerson(visitor)]);

        const promoted = { ...giorgi, role: 'panellist' as const, roomId: 'panel-1' };
        await store.savePerson(promoted);

        expect(await store.getPerson('p-aigerim')).toEqual(aigerim);
        expect(await store.getPerson('p-giorgi')).toEqual(promoted);
        expect(await store.getPerson('p-nobody')).toBeNull();
        const listed = await store.listPeople('astana-2023');
        expect(listed.sort((a, b) => a.id.localeCompare(b.id))).toEqual([aigerim, promoted]);
      });

      it('[ST8b] people who never connect are deleted once they joined before the cut-off; a connection keeps them', async () => {
        await store.saveEvent(astanaAgenda(), [], T0);
        const early = ['p-flood1', 'p-flood2', 'p-flood3'].map((id, i) => person(id, { role: 'audience', createdAtMs: T0 + i }));
        const aigerim = person('p-aigerim', { role: 'audience', createdAtMs: T0 });
        const late = person('p-late', { role: 'audience', createdAtMs: T0 + 60_000 });
        for (const p of [...early, aigerim, late]) await store.savePerson(p);

        expect(await store.connectPerson('p-aigerim', T0 + 5)).toEqual(aigerim);
        expect(await store.connectPerson('p-aigerim', T0 + 9)).toEqual(aigerim);
        expect(await store.connectPerson('p-nobody', T0 + 5)).toBeNull();
        // Saving a connected person again (a new role) does not make them unconnected.
        await store.savePerson({ ...aigerim, role: 'participant' });

        expect(await store.deleteUnconnectedPeople(T0 + 2, 10)).toBe(2);
        expect(await store.deleteUnconnectedPeople(T0 + 60_000, 10)).toBe(1);
        expect(await store.deleteUnconnectedPeople(T0 + 60_000, 10)).toBe(0);
        expect((await store.listPeople('astana-2023')).map((p) => p.id)).toEqual(['p-aigerim', 'p-late']);
        expect(await store.getPerson('p-flood1')).toBeNull();
        expect(await store.connectPerson('p-flood1', T0 + 70_000)).toBeNull();
        expect(await store.countPeople('astana-2023')).toBe(2);

        expect(await store.deleteUnconnectedPeople(T0 + 60_001, 10)).toBe(1);
        expect((await store.listPeople('astana-2023')).map((p) => p.id)).toEqual(['p-aigerim']);
      });

      it('[ST8c] a deletion deletes at most the limit, oldest joins first', async () => {
        await store.saveEvent(astanaAgenda(), [], T0);
        for (let i = 0; i < 7; i++) await store.savePerson(person(`p-${i}`, { role: 'audience', createdAtMs: T0 + 6 - i }));
        expect(await store.deleteUnconnectedPeople(T0 + 100, 3)).toBe(3);
        expect((await store.listPeople('astana-2023')).map((p) => p.id)).toEqual(['p-3', 'p-2', 'p-1', 'p-0']);
      });

      it('[ST8d] a connection racing a deletion: the person is either kept and connected, or gone and refused', async () => {
        await store.saveEvent(astanaAgenda(), [], T0);
        const racers = Array.from({ length: 40 }, (_, i) => person(`p-race${i}`, { role: 'audience', createdAtMs: T0 }));
        for (const p of racers) await store.savePerson(p);
        const connecting = racers.map((p, i) => (i % 2 === 0 ? store.connectPerson(p.id, T0 + 1) : Promise.resolve(null)));
        const [deleted, ...connected] = await Promise.all([store.deleteUnconnectedPeople(T0 + 1, 100), ...connecting]);
        const kept = new Set((await store.listPeople('astana-2023')).map((p) => p.id));
        for (const [i, p] of racers.entries()) expect(kept.has(p.id), p.id).toBe(connected[i] !== null);
        expect(deleted).toBe(racers.length - kept.size);
        expect(kept.size).toBeLessThanOrEqual(20);
      });

      it('[ST8e] people are listed a page at a time in join order, and counted', async () => {
        await store.saveEvent(astanaAgenda(), [], T0);
        await store.saveEvent(workshopAgenda(), [], T0);
        for (let i = 0; i < 5; i++) await store.savePerson(person(`p-${i}`, { createdAtMs: T0 + i }));
        await store.savePerson(person('p-visitor', { eventId: 'ny-workshop' }));
        expect(await store.countPeople('astana-2023')).toBe(5);
        expect(await store.countPeople('no-such-event')).toBe(0);
        expect((await store.listPeople('astana-2023', { offset: 0, limit: 2 })).map((p) => p.id)).toEqual(['p-0', 'p-1']);
        expect((await store.listPeople('astana-2023', { offset: 2, limit: 2 })).map((p) => p.id)).toEqual(['p-2', 'p-3']);
        expect((await store.listPeople('astana-2023', { offset: 4, limit: 2 })).map((p) => p.id)).toEqual(['p-4']);
        expect(await store.listPeople('astana-2023', { offset: 9, limit: 2 })).toEqual([]);
        expect(await store.listPeople('astana-2023', { offset: 0, limit: 0 })).toEqual([]);
      });

      it('[ST9] getOrCreateSecret keeps the first secret, even when asked concurrently', async () => {
        const answers = await Promise.all(['first', 'second', 'third'].map((candidate) => store.getOrCreateSecret('jwt', candidate)));
        expect(answers).toEqual(['first', 'first', 'first']);
        expect(await store.getOrCreateSecret('jwt', 'later')).toBe('first');
        expect(await store.getOrCreateSecret('cookie', 'other')).toBe('other');
      });

      it('[ST10] ping resolves while the store is open', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
      });
    });

    describe('ballots', () => {
      it('[ST11] a first ballot is counted, and ballotOf returns it', async () => {
        expect(await store.pollTally('poll-1')).toEqual({ voters: 0, counters: {} });
        expect(await store.ballotOf('poll-1', 'v1')).toBeNull();

        expect(await store.castBallot(singleVote('v1', 'o1'))).toBe('counted');
        expect(await store.castBallot(singleVote('v2', 'o1'))).toBe('counted');
        expect(await store.castBallot(singleVote('v3', 'o2'))).toBe('counted');

        expect(await store.pollTally('poll-1')).toEqual({ voters: 3, counters: { o1: 2, o2: 1 } });
        expect(await store.ballotOf('poll-1', 'v3')).toEqual({ kind: 'single', optionId: 'o2' });
      });

      it('[ST12] a changed ballot replaces the old one: its old contributions leave the tally', async () => {
        await store.castBallot(multipleVote('v1', ['o1', 'o2']));
        await store.castBallot(multipleVote('v2', ['o2']));
        expect(await store.castBallot(multipleVote('v1', ['o3']))).toBe('replaced');

        const tally = await store.pollTally('poll-1');
        expect(tally.voters).toBe(2);
        expect(nonZero(tally.counters)).toEqual({ o2: 1, o3: 1 });
        expect(await store.ballotOf('poll-1', 'v1')).toEqual({ kind: 'multiple', optionIds: ['o3'] });
      });

      it('[ST13] the same ballot cast again is unchanged, whether or not change is allowed', async () => {
        expect(await store.castBallot(singleVote('v1', 'o1'))).toBe('counted');
        expect(await store.castBallot(singleVote('v1', 'o1'))).toBe('unchanged');
        expect(await store.castBallot(singleVote('v1', 'o1', { allowChange: false }))).toBe('unchanged');
        expect(await store.pollTally('poll-1')).toEqual({ voters: 1, counters: { o1: 1 } });
      });

      it('[ST14] when change is not allowed, a different second ballot is already_voted and writes nothing', async () => {
        const first = singleVote('v1', 'o1', { allowChange: false });
        expect(await store.castBallot(first)).toBe('counted');
        expect(await store.castBallot(singleVote('v1', 'o2', { allowChange: false }))).toBe('already_voted');

        expect(await store.pollTally('poll-1')).toEqual({ voters: 1, counters: { o1: 1 } });
        expect(await store.ballotOf('poll-1', 'v1')).toEqual(first.ballot);
      });

      it('[ST15] two polls do not mix', async () => {
        await store.castBallot(singleVote('v1', 'o1', { pollId: 'poll-a' }));
        await store.castBallot(singleVote('v1', 'o2', { pollId: 'poll-b' }));
        await store.castBallot(singleVote('v2', 'o2', { pollId: 'poll-b' }));

        expect(await store.pollTally('poll-a')).toEqual({ voters: 1, counters: { o1: 1 } });
        expect(await store.pollTally('poll-b')).toEqual({ voters: 2, counters: { o2: 2 } });
        expect(await store.ballotOf('poll-a', 'v1')).toEqual({ kind: 'single', optionId: 'o1' });
        expect(await store.ballotOf('poll-b', 'v1')).toEqual({ kind: 'single', optionId: 'o2' });
        expect(await store.ballotOf('poll-a', 'v2')).toBeNull();
      });

      it('[ST16] fifty concurrent casts by one voter count that voter once', async () => {
        const casts = Array.from({ length: 50 }, (_, i) => singleVote('v-eager', i % 2 ? 'o1' : 'o2'));
        const outcomes = await Promise.all(casts.map((cast) => store.castBallot(cast)));

        expect(outcomes.filter((outcome) => outcome === 'counted')).toHaveLength(1);
        const tally = await store.pollTally('poll-1');
        expect(tally.voters).toBe(1);
        const stored = await store.ballotOf('poll-1', 'v-eager');
        expect(stored?.kind).toBe('single');
        const optionId = stored?.kind === 'single' ? stored.optionId : 'none';
        expect(nonZero(tally.counters)).toEqual({ [optionId]: 1 });
      });

      it('[ST16b] fifty concurrent casts by one voter, change not allowed: one counted, the rest refused', async () => {
        const casts = Array.from({ length: 50 }, (_, i) => singleVote('v-eager', i % 2 ? 'o1' : 'o2', { allowChange: false }));
        const outcomes = await Promise.all(casts.map((cast) => store.castBallot(cast)));

        expect(outcomes.filter((outcome) => outcome === 'counted')).toHaveLength(1);
        expect(outcomes.every((outcome) => ['counted', 'unchanged', 'already_voted'].includes(outcome))).toBe(true);
        const tally = await store.pollTally('poll-1');
        const stored = await store.ballotOf('poll-1', 'v-eager');
        const optionId = stored?.kind === 'single' ? stored.optionId : 'none';
        expect(tally).toEqual({ voters: 1, counters: { [optionId]: 1 } });
      });

      it('[ST17] a hall of concurrent voters is tallied exactly', async () => {
        const voters = Array.from({ length: 300 }, (_, i) => `delegate-${i}`);
        const outcomes = await Promise.all(voters.map((voter, i) => store.castBallot(singleVote(voter, `o${i % 3}`))));
        expect(outcomes.every((outcome) => outcome === 'counted')).toBe(true);
        expect(await store.pollTally('poll-1')).toEqual({ voters: 300, counters: { o0: 100, o1: 100, o2: 100 } });
      });

      it('[ST18] a ballot is never counted twice: the tally is the sum of each voter\'s standing ballot', async () => {
        const options = ['o1', 'o2', 'o3'];
        const castArbitrary = fc.record({
          voter: fc.constantFrom('aigerim', 'giorgi', 'farrukh', 'nilufar'),
          optionIds: fc.subarray(options, { minLength: 1 }),
        });
        let run = 0;

        await fc.assert(
          fc.asyncProperty(fc.array(castArbitrary, { minLength: 1, maxLength: 20 }), fc.boolean(), async (casts, allowChange) => {
            const pollId = `poll-prop-${run++}`;
            const standing = new Map<string, string[]>();

            for (const [i, { voter, optionIds }] of casts.entries()) {
              const outcome = await store.castBallot(multipleVote(voter, optionIds, { pollId, allowChange, atMs: T0 + i }));
              const previous = standing.get(voter);
              const expected: BallotOutcome = !previous
                ? 'counted'
                : previous.join() === optionIds.join()
                  ? 'unchanged'
                  : allowChange
                    ? 'replaced'
                    : 'already_voted';
              expect(outcome).toBe(expected);
              if (expected === 'counted' || expected === 'replaced') standing.set(voter, optionIds);
            }

            const expectedCounters: Contributions = {};
            for (const optionIds of standing.values()) {
              for (const id of optionIds) expectedCounters[id] = (expectedCounters[id] ?? 0) + 1;
            }
            const tally = await store.pollTally(pollId);
            expect(tally.voters).toBe(standing.size);
            expect(nonZero(tally.counters)).toEqual(expectedCounters);
          }),
          { numRuns: 50 },
        );
      });

      it('[ST19] recentAnswers lists open-text answers newest first, bounded by limit', async () => {
        await store.castBallot(openTextAnswer('v1', 'More training for HR officers', T0 + 1_000));
        await store.castBallot(openTextAnswer('v2', 'Publish vacancies openly', T0 + 2_000));
        await store.castBallot(openTextAnswer('v3', 'Independent exam boards', T0 + 3_000));
        // A choice ballot in the same poll is no answer.
        await store.castBallot(singleVote('v4', 'o1', { pollId: 'poll-text', atMs: T0 + 4_000 }));

        expect(await store.recentAnswers('poll-text', 10)).toEqual([
          'Independent exam boards',
          'Publish vacancies openly',
          'More training for HR officers',
        ]);
        expect(await store.recentAnswers('poll-text', 2)).toEqual(['Independent exam boards', 'Publish vacancies openly']);
        expect(await store.recentAnswers('poll-text', 0)).toEqual([]);
        expect(await store.recentAnswers('poll-other', 10)).toEqual([]);

        // A changed answer replaces the old one and is now the newest.
        expect(await store.castBallot(openTextAnswer('v1', 'Mentoring for new officials', T0 + 5_000))).toBe('replaced');
        expect(await store.recentAnswers('poll-text', 10)).toEqual([
          'Mentoring for new officials',
          'Independent exam boards',
          'Publish vacancies openly',
        ]);
      });
    });

    describe('upvotes', () => {
      it('[ST20] an upvote is counted once, taken back once, and repeating either changes nothing', async () => {
        expect(await store.setUpvote('keynote-1', 'q1', 'p1', true)).toBe(true);
        expect(await store.setUpvote('keynote-1', 'q1', 'p1', true)).toBe(false);
        expect(await store.setUpvote('keynote-1', 'q1', 'p2', true)).toBe(true);
        expect(await store.setUpvote('keynote-1', 'q2', 'p1', true)).toBe(true);
        expect(await store.upvoteCounts('keynote-1')).toEqual({ q1: 2, q2: 1 });
        expect((await store.upvotesOf('keynote-1', 'p1')).sort()).toEqual(['q1', 'q2']);

        expect(await store.setUpvote('keynote-1', 'q1', 'p1', false)).toBe(true);
        expect(await store.setUpvote('keynote-1', 'q1', 'p1', false)).toBe(false);
        expect(await store.setUpvote('keynote-1', 'q2', 'p1', false)).toBe(true);
        expect(nonZero(await store.upvoteCounts('keynote-1'))).toEqual({ q1: 1 });
        expect(await store.upvotesOf('keynote-1', 'p1')).toEqual([]);
        expect(await store.upvotesOf('keynote-1', 'p2')).toEqual(['q1']);

        expect(await store.setUpvote('keynote-1', 'q9', 'p1', false)).toBe(false);
        expect(nonZero(await store.upvoteCounts('keynote-1'))).toEqual({ q1: 1 });
      });

      it('[ST21] upvotes in two rooms do not mix, even on equal question ids', async () => {
        await store.setUpvote('keynote-1', 'q1', 'p1', true);
        await store.setUpvote('panel-1', 'q1', 'p1', true);
        await store.setUpvote('panel-1', 'q1', 'p2', true);

        expect(await store.upvoteCounts('keynote-1')).toEqual({ q1: 1 });
        expect(await store.upvoteCounts('panel-1')).toEqual({ q1: 2 });
        expect(await store.upvoteCounts('roundtable-1')).toEqual({});
        await store.setUpvote('keynote-1', 'q1', 'p1', false);
        expect(await store.upvotesOf('panel-1', 'p1')).toEqual(['q1']);
      });

      it('[ST22] concurrent upvotes are counted exactly: one per person', async () => {
        const people = Array.from({ length: 100 }, (_, i) => `p${i}`);
        const changed = await Promise.all([
          ...people.map((personId) => store.setUpvote('keynote-1', 'q1', personId, true)),
          ...people.slice(0, 10).map((personId) => store.setUpvote('keynote-1', 'q1', personId, true)),
        ]);
        expect(changed.filter(Boolean)).toHaveLength(100);
        expect(await store.upvoteCounts('keynote-1')).toEqual({ q1: 100 });
      });
    });

    describe('command receipts', () => {
      const receipt = (commandId: string, result: object, expiresAtMs = T0 + 60_000): CommandReceipt => ({
        personId: 'delegate-1',
        commandId,
        result: JSON.stringify(result),
        expiresAtMs,
      });

      it('[SR1] commitRoom with a receipt commits both; the same receipt again is duplicate and writes nothing', async () => {
        const room = await loadedRoom();
        const asked = nextDelta(room, [{ type: 'room.opened' }], T0 + 1_000);
        expect(await store.commitRoom(asked.delta, asked.next, receipt('cmd-00000001', { revision: 1 }))).toBe('committed');
        expect(await store.commandReceipt('keynote-1', 'delegate-1', 'cmd-00000001', T0 + 2_000)).toBe(JSON.stringify({ revision: 1 }));

        // The retry was decided again on the newer state: still a duplicate, checked before the revision.
        const again = nextDelta(asked.next, [{ type: 'room.closed' }], T0 + 2_000);
        expect(await store.commitRoom(again.delta, again.next, receipt('cmd-00000001', { revision: 2 }))).toBe('duplicate');
        expect(await store.loadRoom('keynote-1')).toEqual(asked.next);
        expect(await store.deltasSince('keynote-1', 0, 100)).toEqual([asked.delta]);
        expect(await store.commandReceipt('keynote-1', 'delegate-1', 'cmd-00000001', T0 + 2_000)).toBe(JSON.stringify({ revision: 1 }));
      });

      it('[SR2] a receipt is kept per room and person; none is stored by a conflict', async () => {
        const room = await loadedRoom();
        const opened = nextDelta(room, [{ type: 'room.opened' }]);
        expect(await store.commitRoom(opened.delta, opened.next, receipt('cmd-00000002', { revision: 1 }))).toBe('committed');
        expect(await store.commandReceipt('keynote-1', 'delegate-2', 'cmd-00000002', T0)).toBeNull();
        expect(await store.commandReceipt('panel-1', 'delegate-1', 'cmd-00000002', T0)).toBeNull();

        const stale = nextDelta(room, [{ type: 'room.closed' }]);
        expect(await store.commitRoom(stale.delta, stale.next, receipt('cmd-00000003', { revision: 1 }))).toBe('conflict');
        expect(await store.commandReceipt('keynote-1', 'delegate-1', 'cmd-00000003', T0)).toBeNull();
      });

      it('[SR3] after its expiry the id is free: not found, and a commit with it is committed', async () => {
        const room = await loadedRoom();
        const first = nextDelta(room, [{ type: 'room.opened' }], T0);
        expect(await store.commitRoom(first.delta, first.next, receipt('cmd-00000004', { revision: 1 }, T0 + 60_000))).toBe('committed');
        expect(await store.commandReceipt('keynote-1', 'delegate-1', 'cmd-00000004', T0 + 59_999)).not.toBeNull();
        expect(await store.commandReceipt('keynote-1', 'delegate-1', 'cmd-00000004', T0 + 60_000)).toBeNull();

        const later = nextDelta(first.next, [{ type: 'room.closed' }], T0 + 60_000);
        expect(await store.commitRoom(later.delta, later.next, receipt('cmd-00000004', { revision: 2 }, T0 + 120_000))).toBe('committed');
        expect(await store.commandReceipt('keynote-1', 'delegate-1', 'cmd-00000004', T0 + 60_000)).toBe(JSON.stringify({ revision: 2 }));
      });

      it('[SR4] of concurrent commits of one command decided on different revisions, exactly one applies', async () => {
        const room = await loadedRoom();
        const opened = nextDelta(room, [{ type: 'room.opened' }]);
        await store.commitRoom(opened.delta, opened.next);
        // Three processes decided the same command, two on a state already overtaken.
        const copies = [room, opened.next, opened.next].map((state) => nextDelta(state, [{ type: 'room.closed' }]));
        const outcomes = await Promise.all(copies.map(({ delta, next }) => store.commitRoom(delta, next, receipt('cmd-00000005', { revision: delta.revision }))));
        expect(outcomes.filter((outcome) => outcome === 'committed')).toHaveLength(1);
        expect(outcomes.filter((outcome) => outcome === 'conflict')).toHaveLength(1);
        expect(await store.deltasSince('keynote-1', 0, 100)).toHaveLength(2);
      });
    });
  });
}
