import { ConfigError, loadConfig, type Config } from './config.ts';
import { inviteUrl } from './live/invites.ts';
import { createLogger } from './logger.ts';
import { startServer, type RunningServer } from './server.ts';
import { SqliteStore } from './store/sqlite/sqlite-store.ts';

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
  lines.push(config.adminToken ? 'Admin token: from PLENARY_ADMIN_TOKEN.' : `Admin token (generated, kept in ${config.dataPath}): ${runtime.adminToken}`);
  console.log(lines.join('\n'));
}

const config = readConfig();
const logger = createLogger(config.logLevel);
const server = await startServer(config, logger, new SqliteStore(config.dataPath));
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
