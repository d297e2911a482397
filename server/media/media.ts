import { WebhookReceiver } from 'livekit-server-sdk';
import type { LiveKitConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { RedisStore } from '../store/redis/redis-store.ts';
import type { Store } from '../store/store.ts';
import { markMuted, MemoryMediaState, RedisMediaState, type MediaState } from './media-state.ts';
import { VideoControl } from './video-control.ts';

/** Everything video needs, present only when LiveKit is configured. */
export type Media = {
  liveKit: LiveKitConfig;
  control: VideoControl;
  state: MediaState;
  webhooks: WebhookReceiver;
};

export function createMedia(liveKit: LiveKitConfig | null, logger: Logger, store: Store, now: () => number): Media | null {
  if (!liveKit) return null;
  const state: MediaState = store instanceof RedisStore ? new RedisMediaState(store) : new MemoryMediaState(now);
  return {
    liveKit,
    control: new VideoControl(liveKit, logger, (room, identity, trackSids) => markMuted(state, room, identity, trackSids)),
    state,
    webhooks: new WebhookReceiver(liveKit.apiKey, liveKit.apiSecret),
  };
}
