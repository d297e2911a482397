import type { Logger } from '../logger.ts';
import { StoreUnavailableError } from '../store/failures.ts';
import type { RedisClient } from '../store/redis/connection.ts';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Reports a connection's outages once each: the first failure, then its return, not every
 * reconnection attempt in between (they repeat every two seconds while Redis is down).
 */
export function reportOutages(connection: RedisClient, name: string, logger: Logger): void {
  let down = false;
  connection.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ connection: name, err: error.message }, 'Redis connection lost; reconnecting');
  });
  connection.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ connection: name }, 'Redis connection back');
  });
}

/**
 * ioredis returns a promise from (s)subscribe and (s)unsubscribe; the Socket.IO adapter and
 * ioredis's own resubscription after a reconnect drop it. If the connection fails at that
 * moment the promise rejects with no handler, and Node ends the process on an unhandled
 * rejection: here a failure is logged instead, and the next reconnection subscribes again.
 */
function catchSubscriptionFailures(connection: RedisClient, name: string, logger: Logger): void {
  const methods = ['subscribe', 'unsubscribe', 'ssubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe'] as const;
  for (const method of methods) {
    const original = connection[method].bind(connection) as (...args: unknown[]) => Promise<unknown>;
    (connection as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const reply = original(...args);
      reply.catch((error: unknown) => logger.debug({ connection: name, method, err: String(error) }, 'Redis subscription command failed'));
      return reply;
    };
  }
}

/**
 * Connects another client to the store's Redis (RedisStore.openClient: the store's fail-fast
 * options) and waits until it is ready. A subscriber cannot share the store's connection (a
 * subscribed connection runs no other commands), and the adapter's publisher gets its own so
 * broadcasts never queue behind store commands.
 */
export async function openConnection(connection: RedisClient, name: string, logger: Logger): Promise<RedisClient> {
  reportOutages(connection, name, logger);
  catchSubscriptionFailures(connection, name, logger);
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StoreUnavailableError(`Redis connection ${name} was not ready within ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
    connection.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  connection.connect().catch(() => {});
  try {
    await ready;
  } catch (error) {
    connection.disconnect();
    throw error;
  }
  return connection;
}

/** Closes a connection politely if it is up, at once if not. */
export async function closeConnection(connection: RedisClient): Promise<void> {
  if (connection.status === 'end') return;
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  try {
    await connection.quit();
  } catch {
    connection.disconnect();
  }
}
