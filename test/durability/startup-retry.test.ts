import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.ts';
import { readDemoAgendas } from '../../server/demo/load-demo.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer, type RunningServer } from '../../server/server.ts';
import { StoreUnavailableError } from '../../server/store/failures.ts';
import { SqliteStore } from '../../server/store/sqlite/sqlite-store.ts';

/** A store whose first event save is written but not confirmed, as a Redis primary whose replica is slow to WAIT for at start. */
class UnconfirmedFirstSave extends SqliteStore {
  failed = 0;
  override async saveEvent(...args: Parameters<SqliteStore['saveEvent']>): ReturnType<SqliteStore['saveEvent']> {
    const outcome = await super.saveEvent(...args);
    if (this.failed === 0) {
      this.failed += 1;
      throw new StoreUnavailableError('only 0 of 1 Redis replicas confirmed the write within 200 ms');
    }
    return outcome;
  }
}

let running: RunningServer | null = null;
afterEach(async () => {
  await running?.close();
  running = null;
});

describe('starting while the store is slow to confirm', () => {
  it('waits and tries again: the server starts with every demo event stored once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-startup-'));
    const config = loadConfig({ PORT: '0', HOST: '127.0.0.1', PLENARY_DATA: join(dir, 'plenary.db'), LOG_LEVEL: 'silent' });
    const store = new UnconfirmedFirstSave(config.dataPath);
    running = await startServer(config, createLogger(config.logLevel), store);
    expect(store.failed).toBe(1);
    const stored = (await store.listEvents()).map((event) => event.agenda.id).sort();
    expect(stored).toEqual(readDemoAgendas().map((agenda) => agenda.id).sort());
    expect((await fetch(`${running.url}/readyz`)).status).toBe(200);
  });
});
