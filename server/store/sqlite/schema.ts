/**
 * The SQLite file's tables (the migrations) and the statements that are no one area's: the
 * group committer's transaction control, the ping and the server's secrets. Each area's
 * statements are named in its own module (people-table.ts, vote-tables.ts, …), which prepares
 * them once; nothing outside server/store/sqlite writes SQL.
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
