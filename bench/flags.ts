import { parseArgs } from 'node:util';

export const SCENARIOS = ['vote', 'join', 'qa', 'timer', 'memory', 'quiz'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export type Flags = {
  clients: number;
  scenarios: Set<Scenario>;
  workers: number;
  smoke: boolean;
  /** Plenary process counts of the cluster storm, each on a fresh Redis (empty: no cluster storm). */
  nodes: number[];
  /** With a count of 2 or more in nodes, at the largest: the cluster storm again with a replica and PLENARY_REDIS_WAIT_REPLICAS=1. */
  redisWait: boolean;
  profile: boolean;
  seed: number;
  pushIntervalMs: number;
  /** The vote storm's ballots are spread over this many ms. */
  windowMs: number;
  /** Connections each worker opens at once in a join burst. */
  connectConcurrency: number;
  /** Rounds of every scenario, Plenary and the baseline taking turns to go first. */
  rounds: number;
  /** A folder to write the result files into as well as bench/results/ (e.g. under docs/results/). */
  out: string | null;
};

export const USAGE = `Usage: npm run bench -- [options]

  --clients N      audience members (default 2000; --smoke: 200)
  --scenario S     vote | join | qa | timer | memory | quiz | all, or several as vote,qa (default all)
  --workers W      load-generating processes (default 2)
  --smoke          200 clients, shorter Q&A; exits non-zero if a vote or upvote is refused, lost or counted twice
  --nodes K[,K…]   also run the vote storm on K Plenary processes sharing one Redis, for each K
                   listed, each on a fresh Redis (1: one process on Redis); with a list, print a
                   scaling table (needs redis-server)
  --redis-wait     with --nodes: run the largest count's storm again with a replica and WAIT for it before each ack
  --profile        profile Plenary with --cpu-prof; summarise its join burst, vote storm and Q&A surge
  --window MS      spread the vote storm's ballots over MS ms (default 5000)
  --connect-concurrency N
                   connections each worker opens at once in a join burst (default 200; the
                   listen backlog is 511, so N × workers above it measures SYN retries too)
  --rounds N       run every scenario N times, Plenary first in odd rounds and the baseline
                   first in even ones; the table shows medians and min–max (default 3; --smoke: 1)
  --out DIR        also write the result JSON and Markdown into DIR (e.g. docs/results/<date>-<topic>)
  --seed S         seed of the schedule (default 1)
  --help`;

export class FlagError extends Error {}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new FlagError(`--${name} must be a positive integer, not "${value}"`);
  return n;
}

/** `--nodes 3` or `--nodes 1,2,4`: distinct counts in the order given. */
export function nodeCounts(value: string | undefined): number[] {
  if (value === undefined) return [];
  const counts = value.split(',').map((part) => positiveInt(part.trim(), 'nodes', 1));
  if (new Set(counts).size !== counts.length) throw new FlagError(`--nodes lists a count twice: "${value}"`);
  return counts;
}

export function parseFlags(argv: string[]): Flags | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      clients: { type: 'string' },
      scenario: { type: 'string', default: 'all' },
      workers: { type: 'string' },
      smoke: { type: 'boolean', default: false },
      nodes: { type: 'string' },
      'redis-wait': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      seed: { type: 'string' },
      window: { type: 'string' },
      'connect-concurrency': { type: 'string' },
      rounds: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const nodes = nodeCounts(values.nodes);
  if (values['redis-wait'] && Math.max(0, ...nodes) < 2) throw new FlagError('--redis-wait needs --nodes 2 or more');
  const scenario = values.scenario ?? 'all';
  const named = scenario.split(',');
  const unknown = named.find((name) => !(SCENARIOS as readonly string[]).includes(name));
  if (scenario !== 'all' && unknown !== undefined) {
    throw new FlagError(`--scenario must be one of ${SCENARIOS.join(', ')}, several joined by commas, or all, not "${unknown}"`);
  }
  const smoke = values.smoke ?? false;
  return {
    clients: positiveInt(values.clients, 'clients', smoke ? 200 : 2000),
    scenarios: new Set(scenario === 'all' ? SCENARIOS : (named as Scenario[])),
    workers: positiveInt(values.workers, 'workers', 2),
    smoke,
    nodes,
    redisWait: values['redis-wait'] ?? false,
    profile: values.profile ?? false,
    seed: positiveInt(values.seed, 'seed', 1),
    pushIntervalMs: 250,
    windowMs: positiveInt(values.window, 'window', 5_000),
    connectConcurrency: positiveInt(values['connect-concurrency'], 'connect-concurrency', 200),
    rounds: positiveInt(values.rounds, 'rounds', smoke ? 1 : 3),
    out: values.out ?? null,
  };
}
