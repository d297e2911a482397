/**
 * Every key the Redis store writes, by name; nothing else in Plenary builds a Redis key.
 *
 * The part in braces is the hash tag: Redis Cluster places keys with the same tag in the
 * same slot, and a Lua script may only touch keys of one slot. So each script's keys share
 * a tag: a room's state, revision, deltas, upvotes, pending pushes and presence
 * ({room:<id>}); a poll's ballots, tally and answers ({poll:<id>}); a quiz's nicknames ({quiz:<id>}); the event directory
 * ({events}); invites ({invites}); people ({people}); webhook endpoints and deliveries ({webhooks}); the registry of server processes
 * ({processes}); a person's rate-limit counters ({rate:<person id>}). Ids are letters, digits, _ and - (shared/ids.ts), so they cannot
 * contain a brace or a colon and end a tag or a key part early.
 */

export const DEFAULT_KEY_PREFIX = 'plenary:';

export type RedisKeys = ReturnType<typeof redisKeys>;

export function redisKeys(prefix: string = DEFAULT_KEY_PREFIX) {
  const room = (roomId: string) => `${prefix}{room:${roomId}}`;
  const poll = (pollId: string) => `${prefix}{poll:${pollId}}`;
  const quiz = (quizId: string) => `${prefix}{quiz:${quizId}}`;
  const events = `${prefix}{events}`;
  const invites = `${prefix}{invites}`;
  const people = `${prefix}{people}`;
  const control = `${prefix}{control}`;
  const processes = `${prefix}{processes}`;
  const webhooks = `${prefix}{webhooks}`;

  return {
    prefix,

    /** Hash: secret name → value. */
    secrets: () => `${prefix}secrets`,

    /** Hash of one event: agenda (JSON), audienceCode, revision, createdAtMs, updatedAtMs. */
    event: (eventId: string) => `${events}:event:${eventId}`,
    /** Hash: join code → event id: each event's audience code and its halls' codes; a changed or dropped code loses its entry. */
    eventCodes: () => `${events}:codes`,
    /** Hash `revision`, `roomId`, `changedAtMs`: the session a hall's screens show (shared/model/hall.ts HallState). */
    hall: (eventId: string, hallId: string) => `${events}:hall:${eventId}:${hallId}`,
    /** Sorted set: event id scored by createdAtMs, so listing keeps creation order. */
    eventsByCreation: () => `${events}:by-creation`,
    /** Hash: room id → the event whose agenda names it; a room id belongs to one event (live state is kept per room id). */
    roomOwners: () => `${events}:room-owners`,

    /** Hash: invite secret → invite (JSON). */
    invites: () => `${invites}:by-secret`,
    /** Sorted set: the secrets of one event's invites, scored by createdAtMs. */
    invitesOfEvent: (eventId: string) => `${invites}:of-event:${eventId}`,
    /** Hash: id of a revoked invite (server/auth/secrets.ts inviteIdOf) → revokedAtMs. */
    revokedInvites: () => `${invites}:revoked`,

    /** Hash: control key id → control key (JSON, as created: its revocation is kept beside it). */
    controlKeys: () => `${control}:by-id`,
    /** Sorted set: the ids of one event's control keys, scored by createdAtMs. */
    controlKeysOfEvent: (eventId: string) => `${control}:of-event:${eventId}`,
    /** Hash: id of a revoked control key → revokedAtMs (the first revocation stays). */
    revokedControlKeys: () => `${control}:revoked`,

    /** Hash: webhook endpoint id → endpoint (JSON, with its signing secret). */
    webhooks: () => `${webhooks}:by-id`,
    /** Sorted set: the ids of one event's webhook endpoints, scored by createdAtMs. */
    webhooksOfEvent: (eventId: string) => `${webhooks}:of-event:${eventId}`,
    /** Hash: delivery id → delivery (JSON): one endpoint's recent deliveries. */
    webhookDeliveries: (endpointId: string) => `${webhooks}:deliveries:${endpointId}`,
    /** Sorted set: the ids of one endpoint's recent deliveries, scored by firstAttemptAtMs. */
    webhookDeliveryOrder: (endpointId: string) => `${webhooks}:delivery-order:${endpointId}`,

    /** Hash: person id → person (JSON). */
    people: () => `${people}:by-id`,
    /** Sorted set: the ids of one event's people, scored by createdAtMs. */
    peopleOfEvent: (eventId: string) => `${people}:of-event:${eventId}`,
    /** Sorted set: people who have never connected a socket, scored by createdAtMs; the sweep deletes the old ones. */
    peopleUnconnected: () => `${people}:unconnected`,

    /** String: the room's current state (JSON). */
    roomState: (roomId: string) => `${room(roomId)}:state`,
    /** String: the revision of roomState; the commit script checks and moves it. */
    roomRevision: (roomId: string) => `${room(roomId)}:rev`,
    /** Stream of deltas, entry id `<revision>-0`, one field `delta` (JSON). */
    roomDeltas: (roomId: string) => `${room(roomId)}:deltas`,
    /** String with a PX expiry of the retry window: `<expiresAtMs> <result JSON>` of a command sent with a commandId. */
    commandReceipt: (roomId: string, personId: string, commandId: string) => `${room(roomId)}:receipt:${personId}:${commandId}`,
    /** Hash: question id → number of upvotes. */
    upvoteCounts: (roomId: string) => `${room(roomId)}:upvote-counts`,
    /** Set: the questions one person upvoted in the room; membership is the upvote. */
    upvotesOf: (roomId: string, personId: string) => `${room(roomId)}:upvotes-of:${personId}`,

    /** String with a TTL: a LiveKit webhook event id already applied (server/media/media-state.ts). */
    liveKitWebhookSeen: (eventId: string) => `${prefix}livekit:webhook-seen:${eventId}`,
    /** Hash: LiveKit identity → what the webhooks told of them in that LiveKit room (JSON VideoRecord, server/media/video-presence.ts). */
    videoPresence: (liveKitRoom: string) => `${prefix}livekit:video:${liveKitRoom}`,

    /** Hash `revision`, `memo`: how far the room's outbox of that name has carried out its deltas' side effects. */
    outboxCursor: (roomId: string, outbox: string) => `${room(roomId)}:outbox:${outbox}`,
    /** String with an expiry: the process that works the room's outbox of that name now. */
    outboxLease: (roomId: string, outbox: string) => `${room(roomId)}:outbox-lease:${outbox}`,

    /** Hash: push key (`poll:<id>`, `votes`, `presence`) → generation, bumped by every change; a flush deletes the generations it pushed. */
    pushDirty: (roomId: string) => `${room(roomId)}:push-dirty`,
    /** Hash `starts`, `last`, `pending`, `quiet`, `urgent`, expiring two windows after its last write: when the room's pushes may start (server/store/redis/push-scripts.ts). */
    pushRate: (roomId: string) => `${room(roomId)}:push-rate`,
    /** String with an expiry of one push interval: the process whose push of the room's totals is under way. */
    pushLease: (roomId: string) => `${room(roomId)}:push-lease`,
    /** Sorted set: rooms with pushes marked, scored by the last mark (ms), so every process knows which rooms to try. */
    pushRooms: () => `${prefix}{pushes}:rooms`,

    /** Hash: person id → that person's connections to the room on one server process. */
    presenceOf: (roomId: string, processId: string) => `${room(roomId)}:presence:of:${processId}`,
    /** Hash: person id → the person as the presence list shows them (JSON, without connections). */
    presencePeople: (roomId: string) => `${room(roomId)}:presence:people`,
    /** Hash: person id → connections to the room across all processes; a person is present while it is above 0. */
    presenceConnections: (roomId: string) => `${room(roomId)}:presence:connections`,
    /** Hash: `total`, `role:<role>`, `attendance:<attendance>` → people present. */
    presenceCounts: (roomId: string) => `${room(roomId)}:presence:counts`,

    /** Set: ids of the server processes that may hold presence. */
    processes: () => `${processes}:registry`,
    /** String with a short expiry, renewed by the process while it runs: gone means the process died. */
    processAlive: (processId: string) => `${processes}:alive:${processId}`,
    /** Set: the rooms where a process has counted someone present, so its entries can be removed when it dies. */
    processRooms: (processId: string) => `${processes}:rooms:${processId}`,

    /** Key prefix of rate-limiter-flexible's counters for one category: the flood bar and joins per network address. */
    rateLimit: (category: string) => `${prefix}rate-limit:${category}`,
    /** String with an expiry: a person's count of messages (or of commands of one category) in the current window. */
    personBudget: (personId: string, category: string) => `${prefix}{rate:${personId}}:${category}`,
    /** String with an expiry: held by the process that loads the demo and creates missing invites at start-up. */
    setupLock: () => `${prefix}setup-lock`,

    /** Pub/sub channel, not a key: every committed delta (JSON), published by the commit script itself. */
    roomCommits: () => `${prefix}room-commits`,
    /** Pub/sub channel, not a key: the id of an event whose agenda was saved, so other processes drop their copy. */
    eventSaves: () => `${prefix}event-saves`,
    /** Pub/sub channel: the id of an invite just revoked, so every process closes the sessions joined with it. */
    inviteRevocations: () => `${prefix}invite-revocations`,
    /** Prefix of the Socket.IO adapter's pub/sub channels. */
    adapterChannels: () => `${prefix}socket.io`,

    /** Hash: voter key → ballot record (JSON `{"ballot":…,"contributions":…,"atMs":…}`). Its length is the number of voters. */
    ballots: (pollId: string) => `${poll(pollId)}:ballots`,
    /** Hash: counter key → sum of the standing ballots' contributions; zero counters are deleted. */
    tally: (pollId: string) => `${poll(pollId)}:tally`,
    /** Sorted set: voter keys of open-text ballots, scored by atMs, for the newest answers. */
    answers: (pollId: string) => `${poll(pollId)}:answers`,

    /** Hash: person id → the nickname they chose for the quiz. */
    quizNicknames: (quizId: string) => `${quiz(quizId)}:nicknames`,
  };
}
