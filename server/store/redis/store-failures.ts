import { StoreUnavailableError } from '../failures.ts';
import type { RedisClient } from './connection.ts';

export type RedisDurability = { appendonly: string; appendfsync: string };

/** Replies by which Redis says it cannot take the command now; nothing was written and a retry may succeed. */
const UNAVAILABLE_REPLY = /^(LOADING|MISCONF|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|BUSY|NOREPLICAS|OOM|NOAUTH|WRONGPASS)\b/;

/**
 * Maps what ioredis rejects with onto the store's failure type. A reply error is Redis
 * refusing the command, which is a bug unless the reply says Redis is unavailable; any
 * other error of a command (connection closed, not writeable while reconnecting, timed
 * out, retries exhausted) means Redis cannot be reached.
 */
export function toStoreFailure(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  if (error.name === 'ReplyError') {
    return UNAVAILABLE_REPLY.test(error.message) ? new StoreUnavailableError(`Redis refused: ${error.message}`, { cause: error }) : error;
  }
  return new StoreUnavailableError(`Redis is unreachable: ${error.message}`, { cause: error });
}

/**
 * What Redis promises about a reply: with appendonly 'yes' and appendfsync 'always' a write is
 * on disk before it is acknowledged. Null when the server refuses CONFIG (some managed services
 * do), so the caller can only trust their documentation; Redis unreachable is a store failure.
 */
export async function readDurability(redis: RedisClient): Promise<RedisDurability | null> {
  let reply: unknown[];
  try {
    // One pattern rather than two names: CONFIG GET takes several only since Redis 7.
    reply = (await redis.config('GET', 'append*')) as unknown[];
  } catch (error) {
    const failure = toStoreFailure(error);
    if (failure instanceof StoreUnavailableError) throw failure;
    return null;
  }
  const settings = new Map<string, string>();
  for (let i = 0; i + 1 < reply.length; i += 2) settings.set(String(reply[i]), String(reply[i + 1]));
  return { appendonly: settings.get('appendonly') ?? 'unknown', appendfsync: settings.get('appendfsync') ?? 'unknown' };
}
