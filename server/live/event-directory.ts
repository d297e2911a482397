import { refuse, type Result } from '../../shared/errors.ts';
import type { Agenda, AgendaAtRevision, AgendaRoom } from '../../shared/model/event.ts';
import type { RoomState } from '../../shared/model/room.ts';
import { initialRoomState } from '../domain/initial-state.ts';
import type { EventExpectation, EventSaveOutcome, Store } from '../store/store.ts';

/**
 * How often an edit is applied again to the agenda another save just wrote before it gives up.
 * Each attempt loses only to a save that landed, so six organisers editing at once need six.
 */
const EDIT_ATTEMPTS = 20;

/** A change to an agenda, applied to whatever the store holds now: a refusal, or the agenda it leads to. */
export type AgendaEdit = (agenda: Agenda) => Result<Agenda>;

function refusalOf(outcome: Exclude<EventSaveOutcome, { outcome: 'saved' }>, agenda: Agenda, expected: EventExpectation) {
  switch (outcome.outcome) {
    case 'event_exists':
      return refuse('conflict', `An event with id "${agenda.id}" exists already.`);
    case 'no_event':
      return refuse('not_found', 'No such event.');
    case 'stale':
      return staleRefusal(agenda.id, typeof expected === 'object' ? expected.revision : null, outcome.revision);
    case 'code_taken':
      return refuse('conflict', `The join code #${outcome.code} is taken by the event "${outcome.eventId}".`);
    case 'room_taken':
      return refuse('conflict', `The room id "${outcome.roomId}" is used by the event "${outcome.eventId}"; room ids are unique across events.`);
  }
}

function staleRefusal(eventId: string, read: number | null, current: number) {
  const since = read === null ? '' : ` since revision ${read}`;
  return refuse('conflict', `The event "${eventId}" was changed${since}: it is at revision ${current} now. Read it again and make your change on that.`);
}

/** Agendas change rarely and are read on every join, so they are cached; saving goes through here. */
export class EventDirectory {
  private readonly agendas = new Map<string, { agenda: Agenda; revision: number }>();

  /** @param saved told after an agenda is saved, so other processes sharing the store can drop their copy */
  constructor(
    private readonly store: Store,
    private readonly saved: (eventId: string) => void = () => {},
  ) {}

  async agenda(eventId: string): Promise<Agenda | null> {
    const cached = this.agendas.get(eventId);
    if (cached) return cached.agenda;
    const stored = await this.store.getEvent(eventId);
    if (stored) this.remember(stored.agenda, stored.revision);
    return stored?.agenda ?? null;
  }

  /** The agenda as stored now, with its revision: what an organiser edits. */
  async revised(eventId: string): Promise<AgendaAtRevision | null> {
    const stored = await this.store.getEvent(eventId);
    return stored ? { ...stored.agenda, revision: stored.revision } : null;
  }

  async room(eventId: string, roomId: string): Promise<AgendaRoom | null> {
    return (await this.agenda(eventId))?.rooms.find((room) => room.id === roomId) ?? null;
  }

  async byCode(audienceCode: string): Promise<Agenda | null> {
    return (await this.store.findEventByCode(audienceCode))?.agenda ?? null;
  }

  /**
   * Saves a whole agenda if the stored event is as `expected` and neither its audience code nor
   * any of its room ids belongs to another event, all checked in the store's atomic step. Rooms
   * new to the agenda start empty; rooms already live keep their state.
   */
  async save(agenda: Agenda, nowMs: number, expected: EventExpectation = 'any'): Promise<Result<AgendaAtRevision>> {
    const outcome = await this.write(agenda, nowMs, expected);
    if (outcome.outcome !== 'saved') return refusalOf(outcome, agenda, expected);
    return { ok: true, value: { ...agenda, revision: outcome.revision } };
  }

  /**
   * Applies `edit` to the agenda as stored and saves the result only if nobody saved in between;
   * if somebody did, applies it again to theirs, so concurrent edits of different fields all
   * land. With `ifRevision` (the revision the organiser looked at) it is applied to that revision
   * only, and refused if the event has moved on.
   */
  async edit(eventId: string, edit: AgendaEdit, nowMs: number, ifRevision: number | null = null): Promise<Result<AgendaAtRevision>> {
    for (let attempt = 0; attempt < EDIT_ATTEMPTS; attempt++) {
      const stored = await this.store.getEvent(eventId);
      if (!stored) return refuse('not_found', 'No such event.');
      if (ifRevision !== null && stored.revision !== ifRevision) return staleRefusal(eventId, ifRevision, stored.revision);
      const next = edit(stored.agenda);
      if (!next.ok) return next;
      const expected = { revision: stored.revision };
      const outcome = await this.write(next.value, nowMs, expected);
      if (outcome.outcome === 'saved') return { ok: true, value: { ...next.value, revision: outcome.revision } };
      if (outcome.outcome !== 'stale' || ifRevision !== null) return refusalOf(outcome, next.value, expected);
    }
    return refuse('conflict', `The event "${eventId}" kept changing while this edit was applied; send it again.`);
  }

  /** Drops the cached agenda: another process saved a new one. */
  forget(eventId: string): void {
    this.agendas.delete(eventId);
  }

  private async write(agenda: Agenda, nowMs: number, expected: EventExpectation): Promise<EventSaveOutcome> {
    const initialRooms: RoomState[] = agenda.rooms.map((room) => initialRoomState(room, agenda.quotas));
    const outcome = await this.store.saveEvent(agenda, initialRooms, nowMs, expected);
    if (outcome.outcome === 'saved') {
      this.remember(agenda, outcome.revision);
      this.saved(agenda.id);
    }
    return outcome;
  }

  /** Saves and reads finish in any order; the cache keeps the newest revision it has seen. */
  private remember(agenda: Agenda, revision: number): void {
    const cached = this.agendas.get(agenda.id);
    if (!cached || cached.revision <= revision) this.agendas.set(agenda.id, { agenda, revision });
  }
}
