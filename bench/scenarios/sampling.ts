import { cpuSeconds, rssBytes, type ServerChild } from '../children.ts';

/** CPU time a server spends between start() and stop(), and its largest RSS meanwhile (sampled every 100 ms). */
export function watchServer(server: Pick<ServerChild, 'pid'>): { stop: () => { cpuSeconds: number; peakRssBytes: number } } {
  const cpuBefore = cpuSeconds(server.pid);
  let peakRssBytes = rssBytes(server.pid);
  const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, rssBytes(server.pid))), 100);
  return {
    stop: () => {
      clearInterval(sampler);
      peakRssBytes = Math.max(peakRssBytes, rssBytes(server.pid));
      return { cpuSeconds: cpuSeconds(server.pid) - cpuBefore, peakRssBytes };
    },
  };
}

/** When every client held the final figure, relative to the last acknowledgement; null if some never did. */
export function allFinalAfterMs(finalAtMs: Array<number | null>, lastAckAtMs: number): { ms: number | null; missing: number } {
  const missing = finalAtMs.filter((t) => t === null).length;
  if (finalAtMs.length === 0 || missing > 0) return { ms: null, missing };
  return { ms: Math.max(...(finalAtMs as number[])) - lastAckAtMs, missing };
}
