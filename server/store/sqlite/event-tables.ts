import type Database from 'better-sqlite3';
import type { Agenda } from '../../../shared/model/event.ts';
import type { RoomState } from '../../../shared/model/room.ts';
import type { EventExpectation, EventSaveOutcome, StoredEvent } from '../store.ts';
import { readStoredAgenda } from '../stored-agenda.ts';
import type { GroupCommitter } from './group-commit.ts';
import type { RoomTables } from './room-tables.ts';

type EventRow = { agenda: string; revision: number; created_at_ms: number; updated_at_ms: number };

const UPSERT_EVENT = `
  INSERT INTO events (id, audience_code, agenda, revision, created_at_ms, updated_at_ms)
  VALUES (@id, @audienceCode, @agenda, @revision, @nowMs, @nowMs)
  ON CONFLICT (id) DO UPDATE SET
    audience_code = excluded.audience_code,
    agenda        = excluded.agenda,
    revision      = excluded.revision,
    updated_at_ms = excluded.updated_at_ms`;
const SELECT_EVENT = `SELECT agenda, revision, created_at_ms, updated_at_ms FROM events WHERE id = ?`;
/** By the audience code, else by a hall's join code. */
const SELECT_EVENT_BY_CODE = `
  SELECT agenda, revision, created_at_ms, updated_at_ms FROM events
  WHERE id = coalesce((SELECT id FROM events WHERE audience_code = @code), (SELECT event_id FROM hall_codes WHERE code = @code))`;
const SELECT_EVENTS = `SELECT agenda, revision, created_at_ms, updated_at_ms FROM events ORDER BY created_at_ms, id`;
const SELECT_EVENT_REVISION = `SELECT revision FROM events WHERE id = ?`;
/** Another event holding the code, as its audience code or a hall's. */
const SELECT_OTHER_HOLDER_OF_CODE = `
  SELECT event_id FROM (
    SELECT id AS event_id FROM events WHERE audience_code = @code
    UNION ALL SELECT event_id FROM hall_codes WHERE code = @code)
  WHERE event_id <> @eventId LIMIT 1`;
const DELETE_HALL_CODES_OF_EVENT = `DELETE FROM hall_codes WHERE event_id = ?`;
const INSERT_HALL_CODE = `INSERT INTO hall_codes (code, event_id) VALUES (?, ?)`;
/** The first of the room ids (a JSON array) that another event's agenda names; agendas are few, so they are read whole. */
const SELECT_ROOM_OF_OTHER_EVENT = `
  SELECT json_extract(room.value, '$.id') AS room_id, events.id AS event_id
  FROM events, json_each(events.agenda, '$.rooms') AS room
  WHERE events.id <> @eventId AND json_extract(room.value, '$.id') IN (SELECT value FROM json_each(@roomIds))
  LIMIT 1`;

function toStoredEvent(row: EventRow): StoredEvent {
  return { agenda: readStoredAgenda(row.agenda), revision: row.revision, createdAtMs: row.created_at_ms, updatedAtMs: row.updated_at_ms };
}

/** Why the stored event (its revision, or null when there is none) is not what the save expected; null when it is. */
function unexpected(expected: EventExpectation, stored: number | null): EventSaveOutcome | null {
  if (expected === 'any') return null;
  if (expected === 'absent') return stored === null ? null : { outcome: 'event_exists' };
  if (stored === null) return { outcome: 'no_event' };
  if (expected === 'present' || expected.revision === stored) return null;
  return { outcome: 'stale', revision: stored };
}

/** The events of the SQLite store with their halls' join codes (its Store methods delegate here). */
export class EventTables {
  readonly #upsert;
  readonly #select;
  readonly #selectByCode;
  readonly #selectAll;
  readonly #selectRevision;
  readonly #selectOtherHolderOfCode;
  readonly #deleteHallCodes;
  readonly #insertHallCode;
  readonly #selectRoomOfOtherEvent;

  constructor(
    db: Database.Database,
    private readonly committer: GroupCommitter,
    private readonly rooms: RoomTables,
  ) {
    this.#upsert = db.prepare<{ id: string; audienceCode: string; agenda: string; revision: number; nowMs: number }>(UPSERT_EVENT);
    this.#select = db.prepare<[string], EventRow>(SELECT_EVENT);
    this.#selectByCode = db.prepare<{ code: string }, EventRow>(SELECT_EVENT_BY_CODE);
    this.#selectAll = db.prepare<[], EventRow>(SELECT_EVENTS);
    this.#selectRevision = db.prepare<[string], { revision: number }>(SELECT_EVENT_REVISION);
    this.#selectOtherHolderOfCode = db.prepare<{ code: string; eventId: string }, { event_id: string }>(SELECT_OTHER_HOLDER_OF_CODE);
    this.#deleteHallCodes = db.prepare<[string]>(DELETE_HALL_CODES_OF_EVENT);
    this.#insertHallCode = db.prepare<[string, string]>(INSERT_HALL_CODE);
    this.#selectRoomOfOtherEvent = db.prepare<{ eventId: string; roomIds: string }, { room_id: string; event_id: string }>(SELECT_ROOM_OF_OTHER_EVENT);
  }

  async save(agenda: Agenda, initialRooms: RoomState[], nowMs: number, expected: EventExpectation): Promise<EventSaveOutcome> {
    for (const room of initialRooms) {
      if (room.revision !== 0) throw new Error(`initial state of room ${room.roomId} has revision ${room.revision}, not 0`);
    }
    const roomIds = JSON.stringify(agenda.rooms.map((room) => room.id));
    const hallCodes = agenda.halls.flatMap((hall) => (hall.code ? [hall.code] : []));
    const codes = [agenda.audienceCode, ...hallCodes];
    // Checks and writes share one savepoint of the group commit, which runs synchronously:
    // no other write can come between them.
    return this.committer.run((): EventSaveOutcome => {
      const stored = this.#selectRevision.get(agenda.id)?.revision ?? null;
      const refusal = unexpected(expected, stored);
      if (refusal) return refusal;
      for (const code of codes) {
        const holder = this.#selectOtherHolderOfCode.get({ code, eventId: agenda.id });
        if (holder) return { outcome: 'code_taken', eventId: holder.event_id, code };
      }
      const shared = this.#selectRoomOfOtherEvent.get({ eventId: agenda.id, roomIds });
      if (shared) return { outcome: 'room_taken', roomId: shared.room_id, eventId: shared.event_id };

      const revision = (stored ?? 0) + 1;
      this.#upsert.run({ id: agenda.id, audienceCode: agenda.audienceCode, agenda: JSON.stringify(agenda), revision, nowMs });
      this.#deleteHallCodes.run(agenda.id);
      for (const code of hallCodes) this.#insertHallCode.run(code, agenda.id);
      for (const room of initialRooms) this.rooms.insertIfAbsent(room);
      return { outcome: 'saved', revision };
    });
  }

  async get(eventId: string): Promise<StoredEvent | null> {
    const row = this.#select.get(eventId);
    return row ? toStoredEvent(row) : null;
  }

  async findByCode(code: string): Promise<StoredEvent | null> {
    const row = this.#selectByCode.get({ code });
    return row ? toStoredEvent(row) : null;
  }

  async list(): Promise<StoredEvent[]> {
    return this.#selectAll.all().map(toStoredEvent);
  }
}
