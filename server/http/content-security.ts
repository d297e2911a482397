import type { LiveKitConfig } from '../config.ts';

/**
 * Where the page may open connections besides its own origin: the LiveKit server the video area
 * joins, over its WebSocket and the HTTP check livekit-client makes beside it.
 */
export function connectSources(liveKit: LiveKitConfig | null): string[] {
  if (!liveKit) return ["'self'"];
  const url = new URL(liveKit.publicUrl);
  const secure = url.protocol === 'wss:' || url.protocol === 'https:';
  const host = url.host;
  return ["'self'", `${secure ? 'wss' : 'ws'}://${host}`, `${secure ? 'https' : 'http'}://${host}`];
}
