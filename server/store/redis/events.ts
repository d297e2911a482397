import type { Agenda } from '../../../shared/model/event.ts';
import type { RoomState } from '../../../shared/model/room.ts';
import { readStoredAgenda } from '../stored-agenda.ts';
import type { EventExpectation, EventSaveOutcome, StoredEvent } from '../store.ts';
import type { RedisCall, RedisWrite } from './connection.ts';
import type { RedisKeys } from './keys.ts';

/** Events (agendas with their revision and join codes) of the Redis store, on the {events} slot (its Store methods delegate here). */
export class RedisEvents {
  /** Settles once this process has listed the room owners of events saved before they were kept. */
  private roomOwnersIndexed: Promise<void> | null = null;

  constructor(
    private readonly keys: RedisKeys,
    private readonly call: RedisCall,
    private readonly write: RedisWrite,
  ) {}

  /**
   * The claim first, one script on the {events} slot: checks and writes the event, or writes
   * nothing. Then each room's initial state in its own step (a room's keys live in its own
   * slot), only where the room has none. A failure between the two leaves a saved event whose
   * new rooms have no state yet; saving it again creates them.
   */
  async save(agenda: Agenda, initialRooms: RoomState[], nowMs: number, expected: EventExpectation): Promise<EventSaveOutcome> {
    for (const room of initialRooms) {
      if (room.revision !== 0) throw new Error(`initial state of room ${room.roomId} has revision ${room.revision}, not 0`);
    }
    await this.indexRoomOwners();
    const { keys } = this;
    const expectation = typeof expected === 'object' ? expected.revision : expected;
    const reply = await this.write<Array<string | number>>((redis) =>
      redis.plenarySaveEvent(
        keys.event(agenda.id),
        keys.eventCodes(),
        keys.eventsByCreation(),
        keys.roomOwners(),
        agenda.id,
        agenda.audienceCode,
        JSON.stringify(agenda),
        nowMs,
        expectation,
        JSON.stringify(agenda.halls.flatMap((hall) => (hall.code ? [hall.code] : []))),
        ...agenda.rooms.map((room) => room.id),
      ),
    );
    const outcome = toEventSaveOutcome(reply);
    if (outcome.outcome !== 'saved') return outcome;
    await Promise.all(
      initialRooms.map((room) =>
        this.write((redis) => redis.plenaryCreateRoomIfAbsent(keys.roomState(room.roomId), keys.roomRevision(room.roomId), JSON.stringify(room))),
      ),
    );
    return outcome;
  }

  /** Once per process: events saved by a version that kept no room owners get theirs listed. */
  private indexRoomOwners(): Promise<void> {
    this.roomOwnersIndexed ??= (async () => {
      const { keys } = this;
      const eventIds = await this.call((redis) => redis.zrange(keys.eventsByCreation(), '0', '-1'));
      for (const eventId of eventIds) await this.write((redis) => redis.plenaryIndexRoomOwners(keys.roomOwners(), keys.event(eventId), eventId));
    })().catch((error: unknown) => {
      this.roomOwnersIndexed = null;
      throw error;
    });
    return this.roomOwnersIndexed;
  }

  async get(eventId: string): Promise<StoredEvent | null> {
    const [agenda, revision, createdAtMs, updatedAtMs] = await this.call((redis) =>
      redis.hmget(this.keys.event(eventId), 'agenda', 'revision', 'createdAtMs', 'updatedAtMs'),
    );
    if (!agenda) return null;
    return { agenda: readStoredAgenda(agenda), revision: Number(revision ?? 0), createdAtMs: Number(createdAtMs), updatedAtMs: Number(updatedAtMs) };
  }

  async findByCode(code: string): Promise<StoredEvent | null> {
    const eventId = await this.call((redis) => redis.hget(this.keys.eventCodes(), code));
    return eventId ? this.get(eventId) : null;
  }

  async list(): Promise<StoredEvent[]> {
    const eventIds = await this.call((redis) => redis.zrange(this.keys.eventsByCreation(), '0', '-1'));
    const events = await Promise.all(eventIds.map((eventId) => this.get(eventId)));
    return events.filter((event) => event !== null);
  }
}

/** SAVE_EVENT's reply as the store's outcome; any other reply is a bug in the script. */
function toEventSaveOutcome(reply: Array<string | number>): EventSaveOutcome {
  const [outcome, first, second] = reply;
  switch (outcome) {
    case 'saved':
    case 'stale':
      return { outcome, revision: Number(first) };
    case 'event_exists':
    case 'no_event':
      return { outcome };
    case 'code_taken':
      return { outcome, eventId: String(first), code: String(second) };
    case 'room_taken':
      return { outcome, roomId: String(first), eventId: String(second) };
    default:
      throw new Error(`unexpected reply of the event save script: ${JSON.stringify(reply)}`);
  }
}
