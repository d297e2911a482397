import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './children.ts';

type ProfileNode = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type CpuProfile = { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

export type ProfileEntry = { name: string; where: string; selfMs: number; share: number };
export type ProfileSummary = { windowMs: number; sampledMs: number; busyMs: number; top: ProfileEntry[]; byArea: ProfileEntry[] };

/** Where a frame's code lives: the npm package, Node itself, Plenary's folder, or V8's pseudo-frames. */
function areaOf(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (url.startsWith('node:')) return 'node core';
  const relative = url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '');
  return relative.split('/').slice(0, 2).join('/');
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\//, '').replace(`${ROOT}/`, '').replace(/^.*node_modules\//, '');
}

/**
 * Self time per function within a window of the monotonic clock (µs; V8's profile timestamps
 * and process.hrtime read the same clock), so a whole-run --cpu-prof can be cut to one scenario.
 */
export function summariseProfile(file: string, window: { from: number; to: number } | null, top = 20): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  let t = profile.startTime;
  let sampledUs = 0;
  profile.samples.forEach((nodeId, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    t += delta;
    if (window && (t < window.from || t > window.to)) return;
    // A sample's time is the delta to the next one: what ran until the profiler looked again.
    const spent = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(nodeId, (selfUs.get(nodeId) ?? 0) + spent);
    sampledUs += spent;
  });

  const byFunction = new Map<string, ProfileEntry>();
  const byArea = new Map<string, ProfileEntry>();
  const add = (map: Map<string, ProfileEntry>, key: string, name: string, where: string, us: number) => {
    const entry = map.get(key) ?? { name, where, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    map.set(key, entry);
  };
  for (const [nodeId, us] of selfUs) {
    const { functionName, url, lineNumber } = nodes.get(nodeId)!.callFrame;
    const name = functionName || '(anonymous)';
    // Modules compiled by tsx report line 0 for every function; their name is enough there.
    const where = url ? `${shortUrl(url)}${lineNumber > 0 ? `:${lineNumber + 1}` : ''}` : '';
    add(byFunction, `${name} ${where}`, name, where, us);
    const area = areaOf(url, name);
    add(byArea, area, area, '', us);
  }
  const busyMs = [...byFunction.values()].filter((e) => e.name !== '(idle)').reduce((n, e) => n + e.selfMs, 0);
  const ranked = (map: Map<string, ProfileEntry>) =>
    [...map.values()]
      .filter((e) => e.name !== '(idle)')
      .map((e) => ({ ...e, selfMs: Math.round(e.selfMs * 10) / 10, share: busyMs > 0 ? Math.round((e.selfMs / busyMs) * 1000) / 10 : 0 }))
      .sort((a, b) => b.selfMs - a.selfMs);
  return {
    windowMs: window ? (window.to - window.from) / 1000 : (profile.endTime - profile.startTime) / 1000,
    sampledMs: Math.round(sampledUs / 1000),
    busyMs: Math.round(busyMs),
    top: ranked(byFunction).slice(0, top),
    byArea: ranked(byArea).slice(0, 15),
  };
}

/** The profile the process `pid` wrote to `dir` on exit (--cpu-prof names files CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile). */
export function findProfile(dir: string, pid: number): string | null {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile') && name.split('.')[3] === String(pid));
  return file ? path.join(dir, file) : null;
}

const TITLES: Record<string, string> = { join: 'the join burst', vote: 'the vote storm', qa: 'the Q&A surge' };

export function formatProfile(scenario: string, summary: ProfileSummary): string {
  const lines = [
    `Plenary CPU profile of ${TITLES[scenario] ?? scenario}: busy ${(summary.busyMs / 1000).toFixed(1)} s of a ${(summary.windowMs / 1000).toFixed(1)} s window; shares of busy time`,
    '',
    'By area:',
  ];
  for (const e of summary.byArea) lines.push(`  ${e.share.toFixed(1).padStart(5)} %  ${e.selfMs.toFixed(0).padStart(6)} ms  ${e.name}`);
  lines.push('', 'Top functions by self time:');
  for (const e of summary.top) lines.push(`  ${e.share.toFixed(1).padStart(5)} %  ${e.selfMs.toFixed(0).padStart(6)} ms  ${e.name}  ${e.where}`);
  return lines.join('\n');
}
