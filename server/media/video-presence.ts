/** One published track, as video presence shows it. */
export type VideoTrack = { source: 'camera' | 'microphone' | 'screen_share' | 'other'; muted: boolean };

/** One person on video in a LiveKit room: their published tracks by track sid. */
export type VideoMember = {
  identity: string;
  name: string;
  tracks: Record<string, VideoTrack>;
};

/** A participant session: LiveKit gives each connection of an identity its own sid. */
export type VideoSession = { sid: string; joinedAtMs: number };

/**
 * What the webhooks know of one identity in one LiveKit room: the newest session heard of, and
 * within it what has happened so far, whatever order the webhooks came in.
 */
export type VideoRecord = {
  session: VideoSession;
  member: VideoMember;
  /** The session ended: nothing later about it counts. */
  left: boolean;
  /** Tracks unpublished in this session; LiveKit never reuses a track sid, so none comes back. */
  endedTracks: string[];
};

/** A webhook about one participant, as video presence needs it. */
export type VideoEvent = {
  kind: 'participant_joined' | 'participant_left' | 'track_published' | 'track_unpublished';
  identity: string;
  name: string;
  session: VideoSession;
  /** participant_joined: the tracks the participant had then. */
  tracks?: Record<string, VideoTrack>;
  /** track_*: the track. */
  track?: { sid: string } & VideoTrack;
};

/** One sid is one session, whatever time each event gives for it; other sessions are ordered by when they began. */
function compareSessions(a: VideoSession, b: VideoSession): number {
  if (a.sid === b.sid) return 0;
  return a.joinedAtMs - b.joinedAtMs || (a.sid < b.sid ? -1 : 1);
}

/**
 * Applies one webhook to an identity's record; null when it changes nothing (it is about an
 * older session, or about one that ended). LiveKit posts webhooks one by one to any process and
 * retries failed ones, so they may arrive late, twice, or in any order; their `createdAt` counts
 * whole seconds, too coarse to order a join and the camera published with it. So the order is
 * taken from what cannot go backwards: sessions by when they began (`joinedAtMs`, then sid), and
 * within a session a left participant or an unpublished track stays gone. Any delivery order of
 * the same webhooks then leads to the same record, and applying one again changes nothing.
 */
export function applyVideoEvent(record: VideoRecord | null, event: VideoEvent): VideoRecord | null {
  const order = record ? compareSessions(event.session, record.session) : 1;
  if (order < 0) return null;
  const base: VideoRecord =
    record && order === 0
      ? { ...record, session: { ...record.session, joinedAtMs: Math.min(record.session.joinedAtMs, event.session.joinedAtMs) } }
      : { session: event.session, member: { identity: event.identity, name: event.name, tracks: {} }, left: false, endedTracks: [] };
  if (base.left) return null;
  const tracks = { ...base.member.tracks };
  switch (event.kind) {
    case 'participant_joined':
      for (const [sid, track] of Object.entries(event.tracks ?? {})) if (!base.endedTracks.includes(sid)) tracks[sid] ??= track;
      return { ...base, member: { ...base.member, name: event.name, tracks } };
    case 'participant_left':
      return { ...base, left: true, member: { ...base.member, tracks: {} } };
    case 'track_published': {
      const { sid, source, muted } = event.track!;
      if (base.endedTracks.includes(sid)) return null;
      return { ...base, member: { ...base.member, tracks: { ...tracks, [sid]: { source, muted } } } };
    }
    case 'track_unpublished': {
      const { sid } = event.track!;
      delete tracks[sid];
      const endedTracks = base.endedTracks.includes(sid) ? base.endedTracks : [...base.endedTracks, sid];
      return { ...base, endedTracks, member: { ...base.member, tracks } };
    }
  }
}

/** The record after the server muted some of its tracks (LiveKit sends no webhook for a mute); null when none of them is known. */
export function withTracksMuted(record: VideoRecord | null, trackSids: string[]): VideoRecord | null {
  if (!record || record.left || !trackSids.some((sid) => record.member.tracks[sid])) return null;
  const tracks = { ...record.member.tracks };
  for (const sid of trackSids) {
    const track = tracks[sid];
    if (track) tracks[sid] = { ...track, muted: true };
  }
  return { ...record, member: { ...record.member, tracks } };
}
