import { RoomServiceClient, TwirpError } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { SPEAKER_SOURCES } from './grants.ts';

/** Told of tracks the server muted: LiveKit sends no webhook for a mute, so presence is kept here. */
export type MutedListener = (room: string, identity: string, trackSids: string[]) => Promise<void>;

export type RetryPolicy = { attempts: number; firstDelayMs: number };

/** Five tries over about three seconds: long enough for a LiveKit restart to be noticed, short enough to not pile up. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, firstDelayMs: 200 };

/** LiveKit answers not_found for a person who is not (or no longer) in the video room: nothing to change. */
export function isNotInRoom(error: unknown): boolean {
  return error instanceof TwirpError && (error.status === 404 || error.code === 'not_found');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The server's side of LiveKit's room API. Floor changes are applied in the background, one at a
 * time per person and in order, retried with backoff; a newer change for the same person replaces
 * a pending one, so a late retry of "grant" never lands after "revoke".
 */
export class VideoControl {
  readonly rooms: RoomServiceClient;
  private readonly queues = new Map<string, Promise<void>>();
  private readonly generations = new Map<string, number>();

  constructor(
    liveKit: LiveKitConfig,
    private readonly logger: Logger,
    private readonly onMuted: MutedListener = async () => {},
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {
    // Plenary retries itself; the SDK's region failover is for LiveKit Cloud.
    this.rooms = new RoomServiceClient(liveKit.url, liveKit.apiKey, liveKit.apiSecret, { failover: false, requestTimeout: 5 });
  }

  /** The floor holder may publish camera and microphone. */
  grantSpeaker(room: string, identity: string): Promise<void> {
    return this.enqueue(room, identity, 'grant speaker', async () => {
      await this.rooms.updateParticipant(room, identity, undefined, {
        canPublish: true,
        canSubscribe: true,
        canPublishData: false,
        canPublishSources: SPEAKER_SOURCES,
      });
    });
  }

  /** The turn is over: no more publishing, and what they still publish is muted. */
  revokeSpeaker(room: string, identity: string): Promise<void> {
    return this.enqueue(room, identity, 'revoke speaker', async () => {
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

  /** Resolves when every change queued so far is applied or given up on (for tests and shutdown). */
  async settled(): Promise<void> {
    while (this.queues.size > 0) await Promise.all(this.queues.values());
  }

  private async muteAll(room: string, identity: string): Promise<number> {
    const participant = await this.rooms.getParticipant(room, identity);
    const unmuted = participant.tracks.filter((track) => !track.muted);
    for (const track of unmuted) await this.rooms.mutePublishedTrack(room, identity, track.sid, true);
    if (unmuted.length > 0) await this.onMuted(room, identity, unmuted.map((track) => track.sid));
    return unmuted.length;
  }

  private enqueue(room: string, identity: string, what: string, apply: () => Promise<void>): Promise<void> {
    const key = `${room}\u0000${identity}`;
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const superseded = () => this.generations.get(key) !== generation;
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.withRetries(room, identity, what, apply, superseded));
    this.queues.set(key, next);
    void next.then(() => {
      if (this.queues.get(key) !== next) return;
      this.queues.delete(key);
      this.generations.delete(key);
    });
    return next;
  }

  private async withRetries(room: string, identity: string, what: string, apply: () => Promise<void>, superseded: () => boolean): Promise<void> {
    for (let attempt = 1; attempt <= this.retry.attempts; attempt++) {
      if (superseded()) return;
      try {
        await apply();
        return;
      } catch (error) {
        if (isNotInRoom(error)) return;
        const last = attempt === this.retry.attempts;
        this.logger.warn({ err: error, room, identity, attempt }, last ? `LiveKit: ${what} failed, giving up` : `LiveKit: ${what} failed, retrying`);
        if (!last) await sleep(this.retry.firstDelayMs * 2 ** (attempt - 1));
      }
    }
  }
}
