import express, { type Request, type Response, type Router } from 'express';
import { TrackSource, type ParticipantInfo, type TrackInfo, type WebhookEvent } from 'livekit-server-sdk';
import type { CommandResult } from '../../shared/protocol/commands.ts';
import { sendError } from '../http/http-errors.ts';
import type { Media } from './media.ts';
import { applyVideoEvent, type VideoEvent, type VideoMember, type VideoSession, type VideoTrack } from './video-presence.ts';

/** The content type LiveKit posts webhooks with (livekit/protocol webhook/notifier). */
export const WEBHOOK_CONTENT_TYPE = 'application/webhook+json';

const SOURCES: Partial<Record<TrackSource, VideoTrack['source']>> = {
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.SCREEN_SHARE]: 'screen_share',
};

function trackEntry(track: TrackInfo): VideoTrack {
  return { source: SOURCES[track.source] ?? 'other', muted: track.muted };
}

/** A webhook that is authentic but not a webhook event LiveKit could have sent. */
function isMalformed(error: unknown): boolean {
  return error instanceof SyntaxError || (error instanceof Error && error.message.startsWith('cannot decode'));
}

/**
 * LiveKit's webhooks, verified on the raw body (the signature covers its SHA-256). An event id
 * already seen is acknowledged and ignored: LiveKit retries deliveries, and replays must not
 * bring back a track or a person that has gone since.
 */
export function liveKitWebhookRoutes(media: Media): Router {
  const router = express.Router();
  router.post('/api/livekit/webhook', express.raw({ type: WEBHOOK_CONTENT_TYPE, limit: '1mb' }), async (req: Request, res: Response) => {
    const body = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    let event: WebhookEvent;
    try {
      event = await media.webhooks.receive(body, req.get('authorization'));
    } catch (error) {
      if (isMalformed(error)) return sendError(res, 'invalid_input', 'The webhook body is not a LiveKit event.');
      return sendError(res, 'unauthenticated', 'The webhook signature is missing or does not match.');
    }
    if (!event.id || !event.event) return sendError(res, 'invalid_input', 'The webhook event has no id or type.');
    if (!(await media.state.firstSighting(event.id))) return res.json({ ok: true, applied: false });
    try {
      res.json({ ok: true, applied: await applyWebhook(media, event) });
    } catch (error) {
      await media.state.forget(event.id).catch(() => undefined);
      throw error;
    }
  });
  return router;
}

const PRESENCE_EVENTS = new Set<string>(['participant_joined', 'participant_left', 'track_published', 'track_unpublished']);

/**
 * The participant session an event belongs to. LiveKit sends when it began in ms (joinedAtMs),
 * older servers in seconds (joinedAt); the event's own time stands in when neither is set.
 */
function sessionOf(event: WebhookEvent, participant: ParticipantInfo): VideoSession {
  const joinedAtMs = Number(participant.joinedAtMs) || Number(participant.joinedAt) * 1000 || Number(event.createdAt) * 1000;
  return { sid: participant.sid, joinedAtMs };
}

/** The webhook as video presence reads it; null for events that are not about someone on video. */
export function videoEventOf(event: WebhookEvent): VideoEvent | null {
  const participant = event.participant;
  if (!event.room?.name || !participant?.identity || !PRESENCE_EVENTS.has(event.event)) return null;
  const kind = event.event as VideoEvent['kind'];
  const base = { kind, identity: participant.identity, name: participant.name, session: sessionOf(event, participant) };
  if (kind === 'participant_joined') return { ...base, tracks: Object.fromEntries(participant.tracks.map((track) => [track.sid, trackEntry(track)])) };
  if (kind === 'participant_left') return base;
  return event.track?.sid ? { ...base, track: { sid: event.track.sid, ...trackEntry(event.track) } } : null;
}

/** Feeds video presence; returns whether the event changed it. */
export async function applyWebhook(media: Media, event: WebhookEvent): Promise<boolean> {
  const videoEvent = videoEventOf(event);
  if (!videoEvent) return false;
  return media.state.update(event.room!.name, videoEvent.identity, (record) => applyVideoEvent(record, videoEvent));
}

/** Who is on video in a LiveKit room, with whether their camera and microphone are on. */
export async function videoPresenceOf(media: Media, room: string): Promise<CommandResult<'media.presence'>['people']> {
  const members = await media.state.members(room);
  const live = (member: VideoMember, source: string) => Object.values(member.tracks).some((t) => t.source === source && !t.muted);
  return members
    .map((member) => ({ personId: member.identity, name: member.name, camera: live(member, 'camera'), microphone: live(member, 'microphone') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
