import { describe, expect, it } from 'vitest';
import { AgendaRoomSchema } from '../../shared/model/event.ts';
import type { Speaker } from '../../shared/model/person.ts';
import { accepted, MINUTE_MS, namedSpeaker, openRoom, panelOne, refusal, type OpenRoom } from './fixtures.ts';

const PROGRAMME_NAMES = panelOne.speakers.map((person) => person.name);

function addProgramme(room: OpenRoom, index?: number, present: Speaker[] = []) {
  return room.command('floor.addProgramme', { ...(index === undefined ? {} : { index }), present }, room.actor('moderator'));
}

const queueNames = (room: OpenRoom) => room.state.floor.queue.map((r) => r.speaker.name);

describe("the programme's speakers on the list of speakers", () => {
  it('adds the seven panellists in the programme order with their countries, in one action', () => {
    const room = openRoom();
    const { result, events } = accepted(addProgramme(room));
    expect(result.requestIds).toHaveLength(7);
    expect(events.every((event) => event.type === 'floor.requested')).toBe(true);
    expect(queueNames(room)).toEqual(PROGRAMME_NAMES);
    expect(room.state.floor.queue[2]).toMatchObject({
      speaker: { personId: null, name: 'Aishath Rasheed', organisation: null, country: 'Maldives' },
      kind: 'contribution',
      allottedMs: null,
      addedByModerator: true,
    });
  });

  it('adds one programme speaker on their own, and refuses them a second time', () => {
    const room = openRoom();
    accepted(addProgramme(room, 3));
    expect(queueNames(room)).toEqual(['Ержан Мукашев']);
    expect(refusal(addProgramme(room, 3))).toBe('conflict');
    expect(refusal(addProgramme(room, 7))).toBe('not_found');
    expect(queueNames(room)).toEqual(['Ержан Мукашев']);
  });

  it('adds only the missing ones when some are already on the list or speaking, and refuses when none is missing', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    accepted(room.command('floor.add', { speaker: namedSpeaker('  daniel  TREMBLAY '), kind: 'contribution' }, chair));
    accepted(addProgramme(room, 0));
    accepted(room.command('floor.call', { requestId: room.state.floor.queue[1]!.id }, chair));
    accepted(addProgramme(room));
    expect(room.state.floor.current?.speaker.name).toBe('Lieve Janssens');
    expect(queueNames(room)).toEqual(['  daniel  TREMBLAY ', ...PROGRAMME_NAMES.slice(2)]);
    expect(refusal(addProgramme(room))).toBe('conflict');
  });

  it('refuses a room whose programme names nobody', () => {
    const room = openRoom(AgendaRoomSchema.parse({ ...panelOne, speakers: [] }));
    expect(refusal(addProgramme(room))).toBe('not_found');
    expect(room.state.floor.queue).toEqual([]);
  });

  it('puts a panellist already in the room on the list as that person', () => {
    const room = openRoom();
    const tremblay: Speaker = { personId: 'panellist-9', name: 'Daniel Tremblay', organisation: 'Public Service Commission', country: 'Canada' };
    accepted(addProgramme(room, undefined, [tremblay]));
    expect(room.state.floor.queue[1]!.speaker).toEqual(tremblay);
    expect(room.state.floor.queue.filter((r) => r.speaker.personId !== null)).toHaveLength(1);
  });
});

describe('a programme speaker who joins later with a panellist invite', () => {
  it('takes over their entry, their turn and their finished turn: one person in the record', () => {
    const room = openRoom();
    const chair = room.actor('moderator');
    accepted(addProgramme(room));
    accepted(room.command('floor.call', {}, chair)); // Lieve Janssens speaks before she has a device
    room.advance(4 * MINUTE_MS);
    accepted(room.command('floor.endTurn', {}, chair));
    accepted(room.command('floor.add', { speaker: namedSpeaker('Lieve Janssens'), kind: 'reply' }, chair));
    accepted(room.command('floor.call', { requestId: room.state.floor.queue.at(-1)!.id }, chair));

    const janssens = room.actor('panellist', { name: 'lieve janssens', organisation: 'FPS Policy and Support', country: 'Belgium' });
    const { result } = accepted(room.command('floor.claim', {}, janssens));
    expect(result.requestIds).toHaveLength(2);
    expect(room.state.floor.current?.speaker.personId).toBe(janssens.personId);
    expect(room.state.floor.finished.map((t) => t.speaker.personId)).toEqual([janssens.personId]);

    const tremblay = room.actor('panellist', { name: 'Daniel Tremblay' });
    accepted(room.command('floor.claim', {}, tremblay));
    expect(room.state.floor.queue.find((r) => r.speaker.name === 'Daniel Tremblay')?.speaker.personId).toBe(tremblay.personId);
    // Claimed once, nothing is left under the bare name.
    expect(refusal(room.command('floor.claim', {}, tremblay))).toBe('not_found');
  });

  it('refuses a panellist the programme does not name, and one whose organisation differs', () => {
    const room = openRoom(AgendaRoomSchema.parse({ ...panelOne, speakers: [{ name: 'Kim Soo-jin', organisation: 'Ministry of Personnel Management' }] }));
    accepted(addProgramme(room));
    expect(refusal(room.command('floor.claim', {}, room.actor('panellist', { name: 'Someone Else' })))).toBe('not_found');
    expect(refusal(room.command('floor.claim', {}, room.actor('panellist', { name: 'Kim Soo-jin', organisation: 'Seoul City' })))).toBe('not_found');
    expect(room.state.floor.queue[0]!.speaker.personId).toBeNull();
  });

  it('refuses to make two entries of one person when the panellist already asked for the floor', () => {
    const room = openRoom();
    accepted(addProgramme(room, 1));
    const tremblay = room.actor('panellist');
    accepted(room.command('floor.request', { kind: 'contribution' }, tremblay));
    expect(refusal(room.command('floor.claim', {}, tremblay))).toBe('conflict');
  });
});
