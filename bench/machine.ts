import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT } from './children.ts';

const PACKAGES = ['socket.io', 'socket.io-client', 'engine.io', 'ws', 'better-sqlite3', 'ioredis', 'zod', 'tsx'];

function versionOf(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return null;
  }
}

/** What the figures were measured on: they mean little without it. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryBytes: os.totalmem(),
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((name) => [name, versionOf(name)])),
    loadAverageAtStart: os.loadavg(),
  };
}

export type Machine = ReturnType<typeof describeMachine>;
