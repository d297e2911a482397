import { RoomServiceClient, TwirpError } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { SPEAKER_SOURCES } from './grants.ts';

/** Told of tracks the server muted: LiveKit sends no webhook for a mute, so presence is kept here. */
export type MutedListener = (room: string, identity: string, trackSids: string[]) => Promise<void>;

export type RetryPolicy = { attempts: number; firstDelayMs: number };

/** Five tries over about three seconds: long enough for a LiveKit restart to be noticed, short enough to not pile up. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 200 };

/** How long one LiveKit API call may take (seconds, as the SDK counts it). */
export const LIVEKIT_TIMEOUT_S = 5;

/** LiveKit answers not_found for a person who is not (or no longer) in the video room: nothing to change. */
export function isNotInRoom(error: unknown): boolean {
  return error instanceof TwirpError && (error.status === 404 || error.code === 'not_found');
}

/** What became of a floor change: applied (or not needed), given up for now, or dropped before a try. */
export type FloorCallOutcome = 'applied' | 'failed' | 'superseded';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The server's side of LiveKit's room API. A floor change is tried up to `retry.attempts` times
 * with backoff; before each try `proceed` may drop it (a newer change is waiting, or this process
 * lost the room's outbox). The outbox (video-outbox.ts) keeps the order, and keeps the changes
 * that failed every try for a later round.
 */
export class VideoControl {
  readonly rooms: RoomServiceClient;

  constructor(
    liveKit: LiveKitConfig,
    private readonly logger: Logger,
    private readonly onMuted: MutedListener = async () => {},
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    // Plenary retries itself; the SDK's region failover is for LiveKit Cloud.
    this.rooms = new RoomServiceClient(liveKit.url, liveKit.apiKey, liveKit.apiSecret, { failover: false, requestTimeout: LIVEKIT_TIMEOUT_S });
  }

  /** The floor holder may publish camera and microphone. */
  grantSpeaker(room: string, identity: string, proceed: () => Promise<boolean> = async () => true): Promise<FloorCallOutcome> {
    return this.withRetries(room, identity, 'grant speaker', proceed, async () => {
      await this.rooms.updateParticipant(room, identity, undefined, {
        canPublish: true,
        canSubscribe: true,
        canPublishData: false,
        canPublishSources: SPEAKER_SOURCES,
      });
    });
  }

  /** The turn is over: no more publishing, and what they still publish is muted. */
  revokeSpeaker(room: string, identity: string, proceed: () => Promise<boolean> = async () => true): Promise<FloorCallOutcome> {
    return this.withRetries(room, identity, 'revoke speaker', proceed, async () => {
      await this.rooms.updateParticipant(room, identity, undefined, {
        canPublish: false,
        canSubscribe: true,
        canPublishData: false,
        canPublishSources: [],
      });
      await this.muteAll(room, identity);
    });
  }

  /** Mutes one track, or every track the person publishes; returns how many were muted. */
  async mute(room: string, identity: string, trackSid?: string): Promise<number> {
    if (!trackSid) return this.muteAll(room, identity);
    await this.rooms.mutePublishedTrack(room, identity, trackSid, true);
    await this.onMuted(room, identity, [trackSid]);
    return 1;
  }

  async remove(room: string, identity: string): Promise<void> {
    await this.rooms.removeParticipant(room, identity);
  }

  private async muteAll(room: string, identity: string): Promise<number> {
    const participant = await this.rooms.getParticipant(room, identity);
    const unmuted = participant.tracks.filter((track) => !track.muted);
    for (const track of unmuted) await this.rooms.mutePublishedTrack(room, identity, track.sid, true);
    if (unmuted.length > 0) await this.onMuted(room, identity, unmuted.map((track) => track.sid));
    return unmuted.length;
  }

  private async withRetries(room: string, identity: string, what: string, proceed: () => Promise<boolean>, apply: () => Promise<void>): Promise<FloorCallOutcome> {
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (!(await proceed())) return 'superseded';
      try {
        await apply();
        return 'applied';
      } catch (error) {
        if (isNotInRoom(error)) return 'applied';
        const last = attempt === this.retry.attempts;
        this.logger.warn({ err: error, room, identity, attempt }, last ? `LiveKit: ${what} failed, left in the outbox` : `LiveKit: ${what} failed, retrying`);
        if (!last) await sleep(this.retry.firstDelayMs * 2 ** (attempt - 1));
      }
    }
    return 'failed';
  }
}
