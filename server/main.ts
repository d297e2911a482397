import { ConfigError, loadConfig, type Config } from './config.ts';
import { inviteUrl } from './live/invites.ts';
import { createLogger, type Logger } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';
import { RedisStore } from './store/redis/redis-store.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';
import type { Store } from './store/store.ts';

function readConfig(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

/** SQLite unless the configuration names Redis (REDIS_URL, REDIS_SENTINELS, REDIS_CLUSTER_NODES, PLENARY_STORE). */
function createStore(config: Config, logger: Logger): Store {
  if (config.store.kind === 'sqlite') return new SqliteStore(config.store.path, { windowMs: config.store.commitWindowMs });
  // Log when Redis goes away and when it returns, not every reconnection attempt in between.
  let unreachable = false;
  const { topology, waitReplicas, waitTimeoutMs } = config.store;
  const store = new RedisStore(topology, {
    waitReplicas,
    waitTimeoutMs,
    onConnectionError: (error) => {
      if (unreachable) return;
      unreachable = true;
      logger.warn({ err: error.message }, 'Redis unreachable: commands answer unavailable until it returns');
    },
  });
  store.redis.on('ready', () => {
    if (!unreachable) return;
    unreachable = false;
    logger.info('Redis reachable again');
  });
  return store;
}

/** An acknowledgement promises what Redis's AOF setting makes of a reply (DESIGN.md, "Redis durability"). */
async function warnOfWeakDurability(store: Store, waitReplicas: number, logger: Logger): Promise<void> {
  if (!(store instanceof RedisStore)) return;
  const durability = await store.durability();
  if (!durability) {
    logger.warn('Redis refuses CONFIG GET: cannot check that it runs with appendonly yes and appendfsync always');
  } else if (durability.appendonly !== 'yes' || durability.appendfsync !== 'always') {
    logger.warn(durability, 'Redis does not fsync every write (wanted appendonly yes, appendfsync always): an acknowledged command may be lost if Redis crashes');
  }
  if (store.topology.kind !== 'server' && waitReplicas === 0) {
    logger.warn('Redis has replicas but PLENARY_REDIS_WAIT_REPLICAS is 0: a failover may lose acknowledged commands (docs/SCALE-OUT.md)');
  }
}

/** Like Jupyter's token URL: everything needed to start running the event, printed once at start. */
async function printBanner(server: RunningServer, config: Config): Promise<void> {
  const { runtime } = server;
  const lines = [`Plenary is running at ${config.publicUrl}`, ''];
  for (const { agenda } of await runtime.store.listEvents()) {
    const invites = await runtime.store.listInvites(agenda.id);
    lines.push(`${agenda.title}`, `  audience code:  #${agenda.audienceCode}   (join at ${config.publicUrl}/?code=${agenda.audienceCode})`);
    lines.push(`  organiser:      ${config.publicUrl}/organiser?event=${agenda.id}#token=${runtime.adminToken}`);
    const delegates = invites.find((i) => i.role === 'participant' && i.roomId === null);
    if (delegates) lines.push(`  delegates:      ${inviteUrl(config.publicUrl, delegates)}`);
    lines.push('  moderator links:');
    for (const room of agenda.rooms) {
      const invite = invites.find((i) => i.role === 'moderator' && i.roomId === room.id);
      if (invite) lines.push(`    ${room.title.slice(0, 60).padEnd(60)}  ${inviteUrl(config.publicUrl, invite)}`);
    }
    lines.push('');
  }
  const keptIn = config.store.kind === 'redis' ? 'Redis' : config.store.path;
  lines.push(config.adminToken ? 'Admin token: from PLENARY_ADMIN_TOKEN.' : `Admin token (generated, kept in ${keptIn}): ${runtime.adminToken}`);
  console.log(lines.join('\n'));
}

const config = readConfig();
const logger = createLogger(config.logLevel);
const server = await startServer(config, logger, createStore(config, logger));
await warnOfWeakDurability(server.runtime.store, config.store.kind === 'redis' ? config.store.waitReplicas : 0, logger);
await printBanner(server, config);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
