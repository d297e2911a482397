import { parseArgs } from 'node:util';
import { FlagError, positiveInt } from './flags.ts';

export type SoakFlags = {
  minutes: number;
  clients: number;
  workers: number;
  /** Percentage of the audience dropped and reconnected in each minute's wave. */
  reconnectPercent: number;
  seed: number;
};

/** Each minute's Q&A burst asks 20 questions and a room holds at most 2,000 (server/domain/questions.ts). */
export const MAX_MINUTES = 99;

export const SOAK_USAGE = `Usage: npm run soak -- [options]

  --minutes N      how long to hold the audience (default 10; at least 2: the first is the warm-up)
  --clients N      audience members, connected throughout (default 2000, as the benchmark)
  --workers W      load-generating processes (default 2)
  --reconnect P    percentage of the audience in each minute's reconnect wave (default 25)
  --seed S         seed of the schedule (default 1)
  --help`;

export function parseSoakFlags(argv: string[]): SoakFlags | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      minutes: { type: 'string' },
      clients: { type: 'string' },
      workers: { type: 'string' },
      reconnect: { type: 'string' },
      seed: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const minutes = positiveInt(values.minutes, 'minutes', 10);
  if (minutes < 2 || minutes > MAX_MINUTES) throw new FlagError(`--minutes must be between 2 and ${MAX_MINUTES}, not ${minutes}`);
  const reconnectPercent = positiveInt(values.reconnect, 'reconnect', 25);
  if (reconnectPercent > 100) throw new FlagError(`--reconnect is a percentage, not ${reconnectPercent}`);
  return {
    minutes,
    clients: positiveInt(values.clients, 'clients', 2000),
    workers: positiveInt(values.workers, 'workers', 2),
    reconnectPercent,
    seed: positiveInt(values.seed, 'seed', 1),
  };
}
