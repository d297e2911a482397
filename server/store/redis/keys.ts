/**
 * Every key the Redis store writes, by name; nothing else in Plenary builds a Redis key.
 *
 * The part in braces is the hash tag: Redis Cluster places keys with the same tag in the
 * same slot, and a Lua script may only touch keys of one slot. So each script's keys share
 * a tag: a room's state, revision, deltas and upvotes ({room:<id>}); a poll's ballots,
 * tally and answers ({poll:<id>}); the event directory ({events}); invites ({invites});
 * people ({people}). Ids are letters, digits, _ and - (shared/ids.ts), so they cannot
 * contain a brace or a colon and end a tag or a key part early.
 */

export const DEFAULT_KEY_PREFIX = 'plenary:';

export type RedisKeys = ReturnType<typeof redisKeys>;

export function redisKeys(prefix: string = DEFAULT_KEY_PREFIX) {
  const room = (roomId: string) => `${prefix}{room:${roomId}}`;
  const poll = (pollId: string) => `${prefix}{poll:${pollId}}`;
  const events = `${prefix}{events}`;
  const invites = `${prefix}{invites}`;
  const people = `${prefix}{people}`;

  return {
    prefix,

    /** Hash: secret name → value. */
    secrets: () => `${prefix}secrets`,

    /** Hash of one event: agenda (JSON), audienceCode, createdAtMs, updatedAtMs. */
    event: (eventId: string) => `${events}:event:${eventId}`,
    /** Hash: audience code → event id. One entry per event; a changed code moves its entry. */
    eventCodes: () => `${events}:codes`,
    /** Sorted set: event id scored by createdAtMs, so listing keeps creation order. */
    eventsByCreation: () => `${events}:by-creation`,

    /** Hash: invite secret → invite (JSON). */
    invites: () => `${invites}:by-secret`,
    /** Sorted set: the secrets of one event's invites, scored by createdAtMs. */
    invitesOfEvent: (eventId: string) => `${invites}:of-event:${eventId}`,

    /** Hash: person id → person (JSON). */
    people: () => `${people}:by-id`,
    /** Sorted set: the ids of one event's people, scored by createdAtMs. */
    peopleOfEvent: (eventId: string) => `${people}:of-event:${eventId}`,

    /** String: the room's current state (JSON). */
    roomState: (roomId: string) => `${room(roomId)}:state`,
    /** String: the revision of roomState; the commit script checks and moves it. */
    roomRevision: (roomId: string) => `${room(roomId)}:rev`,
    /** Stream of deltas, entry id `<revision>-0`, one field `delta` (JSON). */
    roomDeltas: (roomId: string) => `${room(roomId)}:deltas`,
    /** Hash: question id → number of upvotes. */
    upvoteCounts: (roomId: string) => `${room(roomId)}:upvote-counts`,
    /** Set: the questions one person upvoted in the room; membership is the upvote. */
    upvotesOf: (roomId: string, personId: string) => `${room(roomId)}:upvotes-of:${personId}`,

    /** Hash: voter key → ballot record (JSON `{"ballot":…,"contributions":…,"atMs":…}`). Its length is the number of voters. */
    ballots: (pollId: string) => `${poll(pollId)}:ballots`,
    /** Hash: counter key → sum of the standing ballots' contributions; zero counters are deleted. */
    tally: (pollId: string) => `${poll(pollId)}:tally`,
    /** Sorted set: voter keys of open-text ballots, scored by atMs, for the newest answers. */
    answers: (pollId: string) => `${poll(pollId)}:answers`,
  };
}
