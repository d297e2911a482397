/**
 * Every statement the SQLite store runs, by name. The store prepares each once; nothing
 * else in Plenary writes SQL.
 */

/**
 * Migrations in order: entry i takes a file from `PRAGMA user_version` i to i + 1. Append
 * new steps; never edit a step that has shipped, since files in the field already ran it.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE events (
    id            TEXT PRIMARY KEY,
    audience_code TEXT NOT NULL UNIQUE,
    agenda        TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    updated_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE invites (
    secret        TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    role          TEXT NOT NULL,
    room_id       TEXT,
    created_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX invites_by_event ON invites(event_id, created_at_ms);

  CREATE TABLE people (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    created_at_ms INTEGER NOT NULL,
    person        TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX people_by_event ON people(event_id, created_at_ms);

  CREATE TABLE rooms (
    room_id  TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    state    TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE room_deltas (
    room_id  TEXT NOT NULL REFERENCES rooms(room_id) ON DELETE CASCADE,
    revision INTEGER NOT NULL,
    delta    TEXT NOT NULL,
    PRIMARY KEY (room_id, revision)
  ) WITHOUT ROWID;

  -- Keeps its rowid: recent answers break ties on equal at_ms by write order.
  CREATE TABLE ballots (
    poll_id       TEXT NOT NULL,
    voter_key     TEXT NOT NULL,
    room_id       TEXT NOT NULL,
    ballot        TEXT NOT NULL,
    contributions TEXT NOT NULL,
    at_ms         INTEGER NOT NULL,
    PRIMARY KEY (poll_id, voter_key)
  );
  CREATE INDEX ballots_recent ON ballots(poll_id, at_ms);

  CREATE TABLE poll_tally (
    poll_id TEXT NOT NULL,
    key     TEXT NOT NULL,
    value   INTEGER NOT NULL,
    PRIMARY KEY (poll_id, key)
  ) WITHOUT ROWID;

  CREATE TABLE poll_voters (
    poll_id TEXT PRIMARY KEY,
    voters  INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- Keyed by room too: question ids need only be unique within their room.
  CREATE TABLE upvotes (
    room_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    person_id   TEXT NOT NULL,
    PRIMARY KEY (room_id, question_id, person_id)
  ) WITHOUT ROWID;
  CREATE INDEX upvotes_by_person ON upvotes(room_id, person_id);

  CREATE TABLE upvote_counts (
    room_id     TEXT NOT NULL,
    question_id TEXT NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (room_id, question_id)
  ) WITHOUT ROWID;
  `,
  `
  -- When a person first connected a socket; NULL until then. People who never connect are
  -- deleted after a grace period. Those from before this step count as connected: their
  -- sessions may still be in use.
  ALTER TABLE people ADD COLUMN connected_at_ms INTEGER;
  UPDATE people SET connected_at_ms = created_at_ms;
  CREATE INDEX people_unconnected ON people(created_at_ms) WHERE connected_at_ms IS NULL;
  `,
  // Events count their saves, so an edit made on a stale read is refused, not lost. Events saved
  // before are at revision 0; their next save makes 1.
  `
  ALTER TABLE events ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
  `,
  `
  -- The outcome of a command sent with a commandId, so a retry is answered the same (docs/PROTOCOL.md).
  CREATE TABLE command_receipts (
    room_id       TEXT NOT NULL,
    person_id     TEXT NOT NULL,
    command_id    TEXT NOT NULL,
    result        TEXT NOT NULL,
    expires_at_ms INTEGER NOT NULL,
    PRIMARY KEY (room_id, person_id, command_id)
  ) WITHOUT ROWID;
  CREATE INDEX command_receipts_by_expiry ON command_receipts(expires_at_ms);
  `,
  `
  CREATE TABLE room_outboxes (
    room_id  TEXT NOT NULL,
    outbox   TEXT NOT NULL,
    revision INTEGER NOT NULL,
    memo     TEXT,
    PRIMARY KEY (room_id, outbox)
  ) WITHOUT ROWID;
  `,
  `
  -- Invites carry a label and can be revoked. People keep the id of the invite they joined with
  -- (a hash of the secret), so the revoked ones are also kept by that id.
  ALTER TABLE invites ADD COLUMN label TEXT;
  ALTER TABLE invites ADD COLUMN revoked_at_ms INTEGER;
  CREATE TABLE revoked_invites (
    invite_id     TEXT PRIMARY KEY,
    revoked_at_ms INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- Halls. A display invited for a hall is a display in each of its sessions.
  ALTER TABLE invites ADD COLUMN hall_id TEXT;
  -- The join codes of an event's halls (its audience code is on events): a code names one event.
  CREATE TABLE hall_codes (
    code     TEXT PRIMARY KEY,
    event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX hall_codes_by_event ON hall_codes(event_id);
  -- The session each hall's screens show, one revisioned fact per hall.
  CREATE TABLE halls (
    event_id      TEXT NOT NULL,
    hall_id       TEXT NOT NULL,
    revision      INTEGER NOT NULL,
    room_id       TEXT,
    changed_at_ms INTEGER,
    PRIMARY KEY (event_id, hall_id)
  ) WITHOUT ROWID;
  `,
  `
  -- Control keys for AV desks: the hash of each key's secret, never the secret.
  CREATE TABLE control_keys (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL,
    room_id       TEXT,
    hall_id       TEXT,
    label         TEXT NOT NULL,
    secret_hash   TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    revoked_at_ms INTEGER
  );
  CREATE INDEX control_keys_by_event ON control_keys(event_id, created_at_ms);
  `,
  `
  -- Outgoing webhook endpoints (JSON, with their signing secret) and their recent deliveries.
  CREATE TABLE webhook_endpoints (
    id            TEXT PRIMARY KEY,
    event_id      TEXT NOT NULL,
    created_at_ms INTEGER NOT NULL,
    endpoint      TEXT NOT NULL
  );
  CREATE INDEX webhook_endpoints_by_event ON webhook_endpoints(event_id, created_at_ms);
  CREATE TABLE webhook_deliveries (
    endpoint_id   TEXT NOT NULL,
    id            TEXT NOT NULL,
    first_at_ms   INTEGER NOT NULL,
    delivery      TEXT NOT NULL,
    PRIMARY KEY (endpoint_id, id)
  ) WITHOUT ROWID;
  CREATE INDEX webhook_deliveries_by_time ON webhook_deliveries(endpoint_id, first_at_ms);
  `,
  `
  -- The names players chose for a quiz's leaderboards.
  CREATE TABLE quiz_nicknames (
    quiz_id   TEXT NOT NULL,
    person_id TEXT NOT NULL,
    nickname  TEXT NOT NULL,
    PRIMARY KEY (quiz_id, person_id)
  ) WITHOUT ROWID;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

// Transaction control, for the group committer.
export const BEGIN_IMMEDIATE = `BEGIN IMMEDIATE`;
export const COMMIT = `COMMIT`;
export const ROLLBACK = `ROLLBACK`;
export const SAVEPOINT_WRITE = `SAVEPOINT write`;
export const RELEASE_WRITE = `RELEASE write`;
export const ROLLBACK_TO_WRITE = `ROLLBACK TO write`;

export const PING = `SELECT 1`;

// Secrets.
export const SELECT_SECRET = `SELECT value FROM meta WHERE name = ?`;
export const INSERT_SECRET_IF_ABSENT = `INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`;

// Events.
export const UPSERT_EVENT = `
  INSERT INTO events (id, audience_code, agenda, revision, created_at_ms, updated_at_ms)
  VALUES (@id, @audienceCode, @agenda, @revision, @nowMs, @nowMs)
  ON CONFLICT (id) DO UPDATE SET
    audience_code = excluded.audience_code,
    agenda        = excluded.agenda,
    revision      = excluded.revision,
    updated_at_ms = excluded.updated_at_ms`;
export const SELECT_EVENT = `SELECT agenda, revision, created_at_ms, updated_at_ms FROM events WHERE id = ?`;
/** By the audience code, else by a hall's join code. */
export const SELECT_EVENT_BY_CODE = `
  SELECT agenda, revision, created_at_ms, updated_at_ms FROM events
  WHERE id = coalesce((SELECT id FROM events WHERE audience_code = @code), (SELECT event_id FROM hall_codes WHERE code = @code))`;
export const SELECT_EVENTS = `SELECT agenda, revision, created_at_ms, updated_at_ms FROM events ORDER BY created_at_ms, id`;
export const SELECT_EVENT_REVISION = `SELECT revision FROM events WHERE id = ?`;
/** Another event holding the code, as its audience code or a hall's. */
export const SELECT_OTHER_HOLDER_OF_CODE = `
  SELECT event_id FROM (
    SELECT id AS event_id FROM events WHERE audience_code = @code
    UNION ALL SELECT event_id FROM hall_codes WHERE code = @code)
  WHERE event_id <> @eventId LIMIT 1`;
export const DELETE_HALL_CODES_OF_EVENT = `DELETE FROM hall_codes WHERE event_id = ?`;
export const INSERT_HALL_CODE = `INSERT INTO hall_codes (code, event_id) VALUES (?, ?)`;

// Halls' choice of session.
export const SELECT_HALL = `SELECT revision, room_id, changed_at_ms FROM halls WHERE event_id = ? AND hall_id = ?`;
export const UPSERT_HALL = `
  INSERT INTO halls (event_id, hall_id, revision, room_id, changed_at_ms)
  VALUES (@eventId, @hallId, @revision, @roomId, @changedAtMs)
  ON CONFLICT (event_id, hall_id) DO UPDATE SET
    revision      = excluded.revision,
    room_id       = excluded.room_id,
    changed_at_ms = excluded.changed_at_ms`;
/** The first of the room ids (a JSON array) that another event's agenda names; agendas are few, so they are read whole. */
export const SELECT_ROOM_OF_OTHER_EVENT = `
  SELECT json_extract(room.value, '$.id') AS room_id, events.id AS event_id
  FROM events, json_each(events.agenda, '$.rooms') AS room
  WHERE events.id <> @eventId AND json_extract(room.value, '$.id') IN (SELECT value FROM json_each(@roomIds))
  LIMIT 1`;

// Invites.
export const UPSERT_INVITE = `
  INSERT INTO invites (secret, event_id, role, room_id, hall_id, label, revoked_at_ms, created_at_ms)
  VALUES (@secret, @eventId, @role, @roomId, @hallId, @label, @revokedAtMs, @createdAtMs)
  ON CONFLICT (secret) DO UPDATE SET
    event_id      = excluded.event_id,
    role          = excluded.role,
    room_id       = excluded.room_id,
    hall_id       = excluded.hall_id,
    label         = excluded.label,
    revoked_at_ms = excluded.revoked_at_ms,
    created_at_ms = excluded.created_at_ms`;
export const SELECT_INVITE = `SELECT secret, event_id, role, room_id, hall_id, label, revoked_at_ms, created_at_ms FROM invites WHERE secret = ?`;
export const SELECT_INVITES_OF_EVENT = `
  SELECT secret, event_id, role, room_id, hall_id, label, revoked_at_ms, created_at_ms FROM invites
  WHERE event_id = ? ORDER BY created_at_ms, secret`;
export const REVOKE_INVITE = `UPDATE invites SET revoked_at_ms = coalesce(revoked_at_ms, ?) WHERE secret = ?`;
export const INSERT_REVOKED_INVITE = `INSERT INTO revoked_invites (invite_id, revoked_at_ms) VALUES (?, ?) ON CONFLICT DO NOTHING`;
export const SELECT_REVOKED_INVITE = `SELECT 1 AS revoked FROM revoked_invites WHERE invite_id = ?`;

// People.
export const UPSERT_PERSON = `
  INSERT INTO people (id, event_id, created_at_ms, person)
  VALUES (@id, @eventId, @createdAtMs, @person)
  ON CONFLICT (id) DO UPDATE SET
    event_id      = excluded.event_id,
    created_at_ms = excluded.created_at_ms,
    person        = excluded.person`;
export const SELECT_PERSON = `SELECT person FROM people WHERE id = ?`;
/** A negative limit reads as no limit. */
export const SELECT_PEOPLE_OF_EVENT = `SELECT person FROM people WHERE event_id = ? ORDER BY created_at_ms, id LIMIT ? OFFSET ?`;
export const COUNT_PEOPLE_OF_EVENT = `SELECT COUNT(*) AS count FROM people WHERE event_id = ?`;
export const SELECT_PERSON_CONNECTION = `SELECT person, connected_at_ms FROM people WHERE id = ?`;
export const MARK_PERSON_CONNECTED = `UPDATE people SET connected_at_ms = ? WHERE id = ? AND connected_at_ms IS NULL`;
export const SELECT_PERSON_EXISTS = `SELECT 1 AS found FROM people WHERE id = ?`;
export const DELETE_UNCONNECTED_PEOPLE = `
  DELETE FROM people WHERE id IN (
    SELECT id FROM people WHERE connected_at_ms IS NULL AND created_at_ms < ? ORDER BY created_at_ms LIMIT ?)`;

// Rooms and their deltas.
export const INSERT_ROOM_IF_ABSENT = `
  INSERT INTO rooms (room_id, revision, state) VALUES (?, 0, ?)
  ON CONFLICT (room_id) DO NOTHING`;
export const SELECT_ROOM_STATE = `SELECT state FROM rooms WHERE room_id = ?`;
export const SELECT_ROOM_REVISION = `SELECT revision FROM rooms WHERE room_id = ?`;
export const UPDATE_ROOM = `UPDATE rooms SET revision = ?, state = ? WHERE room_id = ?`;
export const INSERT_ROOM_DELTA = `INSERT INTO room_deltas (room_id, revision, delta) VALUES (?, ?, ?)`;
export const SELECT_RECEIPT = `
  SELECT result FROM command_receipts
  WHERE room_id = ? AND person_id = ? AND command_id = ? AND expires_at_ms > ?`;
/** Over an expired receipt of the same id only: a live one was checked for before, in the same savepoint. */
export const UPSERT_RECEIPT = `
  INSERT INTO command_receipts (room_id, person_id, command_id, result, expires_at_ms)
  VALUES (@roomId, @personId, @commandId, @result, @expiresAtMs)
  ON CONFLICT (room_id, person_id, command_id) DO UPDATE SET
    result        = excluded.result,
    expires_at_ms = excluded.expires_at_ms`;
export const DELETE_EXPIRED_RECEIPTS = `DELETE FROM command_receipts WHERE expires_at_ms <= ?`;
export const SELECT_DELTAS_SINCE = `
  SELECT delta FROM room_deltas
  WHERE room_id = ? AND revision > ?
  ORDER BY revision LIMIT ?`;

// Outbox cursors (server/media/video-outbox.ts).
export const SELECT_OUTBOX_CURSOR = `SELECT revision, memo FROM room_outboxes WHERE room_id = ? AND outbox = ?`;
export const ADVANCE_OUTBOX_CURSOR = `
  INSERT INTO room_outboxes (room_id, outbox, revision, memo) VALUES (@roomId, @outbox, @revision, @memo)
  ON CONFLICT (room_id, outbox) DO UPDATE SET revision = excluded.revision, memo = excluded.memo
  WHERE excluded.revision > room_outboxes.revision`;

// Ballots and tallies.
export const SELECT_BALLOT = `SELECT ballot, contributions FROM ballots WHERE poll_id = ? AND voter_key = ?`;
/** REPLACE rather than UPDATE: a changed ballot gets a fresh rowid, so it sorts as the newest answer. */
export const REPLACE_BALLOT = `
  INSERT OR REPLACE INTO ballots (poll_id, voter_key, room_id, ballot, contributions, at_ms)
  VALUES (@pollId, @voterKey, @roomId, @ballot, @contributions, @atMs)`;
export const ADD_TO_TALLY = `
  INSERT INTO poll_tally (poll_id, key, value) VALUES (?, ?, ?)
  ON CONFLICT (poll_id, key) DO UPDATE SET value = value + excluded.value`;
export const DELETE_ZERO_TALLIES = `DELETE FROM poll_tally WHERE poll_id = ? AND value = 0`;
export const ADD_VOTER = `
  INSERT INTO poll_voters (poll_id, voters) VALUES (?, 1)
  ON CONFLICT (poll_id) DO UPDATE SET voters = voters + 1`;
export const SELECT_VOTERS = `SELECT voters FROM poll_voters WHERE poll_id = ?`;
export const SELECT_TALLY = `SELECT key, value FROM poll_tally WHERE poll_id = ?`;
export const SELECT_RECENT_ANSWERS = `
  SELECT json_extract(ballot, '$.text') AS text FROM ballots
  WHERE poll_id = ? AND json_extract(ballot, '$.kind') = 'open_text'
  ORDER BY at_ms DESC, rowid DESC LIMIT ?`;

// Upvotes.
export const INSERT_UPVOTE = `
  INSERT INTO upvotes (room_id, question_id, person_id) VALUES (?, ?, ?)
  ON CONFLICT DO NOTHING`;
export const DELETE_UPVOTE = `DELETE FROM upvotes WHERE room_id = ? AND question_id = ? AND person_id = ?`;
export const ADD_TO_UPVOTE_COUNT = `
  INSERT INTO upvote_counts (room_id, question_id, count) VALUES (?, ?, ?)
  ON CONFLICT (room_id, question_id) DO UPDATE SET count = count + excluded.count`;
export const DELETE_ZERO_UPVOTE_COUNT = `DELETE FROM upvote_counts WHERE room_id = ? AND question_id = ? AND count = 0`;
export const SELECT_UPVOTE_COUNTS = `SELECT question_id, count FROM upvote_counts WHERE room_id = ?`;
export const SELECT_UPVOTES_OF_PERSON = `
  SELECT question_id FROM upvotes WHERE room_id = ? AND person_id = ? ORDER BY question_id`;
