import { StoreUnavailableError } from '../failures.ts';
import type { RedisCall } from './connection.ts';

/** The reply of the i-th command of a MULTI, or its error thrown. */
export function replyOf<T>(replies: [Error | null, unknown][] | null, i: number): T {
  if (!replies) throw new StoreUnavailableError('Redis aborted the transaction');
  const [error, reply] = replies[i]!;
  if (error) throw error;
  return reply as T;
}

/** A hash of counters as Redis returns it (strings) as numbers. */
export function numbers(hash: Record<string, string>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of Object.entries(hash)) result[key] = Number(value);
  return result;
}

/** The records an event index lists, in index order (creation time, then id), from rank `first` to `last` (-1: the end). */
export async function listIndexed<T>(call: RedisCall, hash: string, index: string, first = 0, last = -1): Promise<T[]> {
  const ids = await call((redis) => redis.zrange(index, String(first), String(last)));
  if (ids.length === 0) return [];
  const records = await call((redis) => redis.hmget(hash, ...ids));
  return records.filter((json) => json !== null).map((json) => JSON.parse(json) as T);
}
