import express, { type Request, type Response, type Router } from 'express';
import { TrackSource, type TrackInfo, type WebhookEvent } from 'livekit-server-sdk';
import type { CommandResult } from '../../shared/protocol/commands.ts';
import { sendError } from '../http/http-errors.ts';
import type { Media } from './media.ts';
import type { VideoMember } from './media-state.ts';

/** The content type LiveKit posts webhooks with (livekit/protocol webhook/notifier). */
export const WEBHOOK_CONTENT_TYPE = 'application/webhook+json';

const SOURCES: Partial<Record<TrackSource, VideoMember['tracks'][string]['source']>> = {
  [TrackSource.CAMERA]: 'camera',
  [TrackSource.MICROPHONE]: 'microphone',
  [TrackSource.SCREEN_SHARE]: 'screen_share',
};

function trackEntry(track: TrackInfo): VideoMember['tracks'][string] {
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

/** Feeds video presence; returns whether the event concerned it. */
export async function applyWebhook(media: Media, event: WebhookEvent): Promise<boolean> {
  const room = event.room?.name;
  const participant = event.participant;
  if (!room || !participant?.identity) return false;
  const { identity, name } = participant;
  if (event.event === 'participant_joined') {
    const tracks = Object.fromEntries(participant.tracks.map((track) => [track.sid, trackEntry(track)]));
    await media.state.setMember(room, identity, { identity, name, tracks });
    return true;
  }
  if (event.event === 'participant_left') {
    await media.state.setMember(room, identity, null);
    return true;
  }
  const track = event.track;
  if (!track?.sid) return false;
  const member = (await media.state.member(room, identity)) ?? { identity, name, tracks: {} };
  const tracks = { ...member.tracks };
  if (event.event === 'track_unpublished') delete tracks[track.sid];
  else if (event.event === 'track_published') tracks[track.sid] = trackEntry(track);
  else return false;
  await media.state.setMember(room, identity, { ...member, tracks });
  return true;
}

/** Who is on video in a LiveKit room, with whether their camera and microphone are on. */
export async function videoPresenceOf(media: Media, room: string): Promise<CommandResult<'media.presence'>['people']> {
  const members = await media.state.members(room);
  const live = (member: VideoMember, source: string) => Object.values(member.tracks).some((t) => t.source === source && !t.muted);
  return members
    .map((member) => ({ personId: member.identity, name: member.name, camera: live(member, 'camera'), microphone: live(member, 'microphone') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
