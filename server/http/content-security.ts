import { createHash } from 'node:crypto';
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

/**
 * The page's own inline scripts as CSP hash sources: index.html's shell picks its language with
 * one before the app loads (docs/CLIENT.md, "The first screen"). Exactly these run; an injected
 * one, or this one changed, does not.
 */
export function inlineScriptSources(html: string): string[] {
  const sources: string[] = [];
  for (const [, attributes = '', body = ''] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    // Loaded from a file ('self' covers it), or data the browser never runs (the shell's preload list).
    if (/\bsrc\s*=/i.test(attributes) || /\btype\s*=\s*["']?application\/json/i.test(attributes)) continue;
    sources.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return sources;
}
