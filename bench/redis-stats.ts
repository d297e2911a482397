import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { SCRIPTS } from '../server/store/redis/scripts.ts';

/** One Redis command (or one Lua script, for EVALSHA) during a storm: how often it ran and Redis's time inside it. */
export type CommandCost = { command: string; calls: number; usec: number; callsPerVote: number; usecPerVote: number };

/** What Redis did for a storm: INFO commandstats by command, and the slow log (every command) by script. */
export type RedisCosts = {
  /** Commands clients sent during the storm (a script counts once), and Redis's time in them. */
  calls: number;
  usec: number;
  commandsPerVote: number;
  usecPerVote: number;
  byCommand: CommandCost[];
  byScript: CommandCost[];
  /** Commands the Lua scripts called, per vote. */
  commandsInScriptsPerVote: number;
  /** INFO commandstats as read: it counts the commands scripts call too. */
  commandstats: CommandCost[];
  /** Entries read from the slow log; at its length, the oldest were dropped. */
  logged: number;
};

const SCRIPT_BY_SHA = new Map(Object.entries(SCRIPTS).map(([name, script]) => [createHash('sha1').update(script.lua).digest('hex'), name]));
/** Room for every command of a storm at 10,000 voters; the log is read once, at the end. */
const SLOWLOG_LENGTH = 500_000;

/**
 * Resets Redis's statistics and logs every command from now on (a slow log with a 0 µs
 * threshold), so the storm's commands can be counted per Lua script: INFO commandstats only
 * says EVALSHA. Logging costs Redis a little CPU of its own; the figures include it.
 */
export async function watchRedis(url: string): Promise<(votes: number) => Promise<RedisCosts>> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  await redis.config('SET', 'slowlog-max-len', String(SLOWLOG_LENGTH));
  await redis.config('SET', 'slowlog-log-slower-than', '0');
  await redis.slowlog('RESET');
  await redis.config('RESETSTAT');
  return async (votes) => {
    try {
      const info = await redis.info('commandstats');
      await redis.config('SET', 'slowlog-log-slower-than', '-1');
      const log = (await redis.call('SLOWLOG', 'GET', '-1')) as SlowlogEntry[];
      return costsOf(info, log, votes);
    } finally {
      redis.disconnect();
    }
  };
}

type SlowlogEntry = [id: number, atS: number, usec: number, args: string[], client: string, name: string];

/** The reader's own commands, not the storm's. */
const READER = new Set(['info', 'config', 'slowlog']);
const SCRIPT_CLIENT = '?:0';

function costsOf(info: string, log: SlowlogEntry[], votes: number): RedisCosts {
  const perVote = (command: string, { calls, usec }: { calls: number; usec: number }): CommandCost => ({ command, calls, usec, callsPerVote: votes ? calls / votes : 0, usecPerVote: votes ? usec / votes : 0 });
  const commands = new Map<string, { calls: number; usec: number }>();
  const scripts = new Map<string, { calls: number; usec: number }>();
  const add = (map: Map<string, { calls: number; usec: number }>, name: string, usec: number) => {
    const entry = map.get(name) ?? { calls: 0, usec: 0 };
    entry.calls += 1;
    entry.usec += usec;
    map.set(name, entry);
  };
  let inScripts = 0;
  // The slow log holds the commands clients sent and, from the address ?:0 (Redis's own
  // script client), each command a script called, already inside the script's time. INFO
  // commandstats counts both alike, so it is kept as read, beside.
  for (const [, , usec, args, client] of log) {
    const command = String(args[0] ?? '').toLowerCase();
    if (client === SCRIPT_CLIENT) inScripts += 1;
    if (READER.has(command) || client === SCRIPT_CLIENT) continue;
    add(commands, command, Number(usec));
    if (command === 'evalsha') add(scripts, SCRIPT_BY_SHA.get(String(args[1])) ?? `evalsha ${String(args[1]).slice(0, 8)}`, Number(usec));
    if (command === 'eval') add(scripts, 'eval (script text)', Number(usec));
  }
  const desc = (a: CommandCost, b: CommandCost) => b.usec - a.usec;
  const byCommand = [...commands].map(([name, cost]) => perVote(name, cost)).sort(desc);
  const calls = byCommand.reduce((n, c) => n + c.calls, 0);
  const usec = byCommand.reduce((n, c) => n + c.usec, 0);
  const commandstats = [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/gm)].map(([, name, c, u]) => perVote(name!, { calls: Number(c), usec: Number(u) }));
  return {
    calls,
    usec,
    commandsPerVote: votes ? calls / votes : 0,
    usecPerVote: votes ? usec / votes : 0,
    byCommand,
    byScript: [...scripts].map(([name, cost]) => perVote(name, cost)).sort(desc),
    commandsInScriptsPerVote: votes ? inScripts / votes : 0,
    commandstats: commandstats.sort(desc),
    logged: log.length,
  };
}
