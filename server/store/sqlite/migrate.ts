import type Database from 'better-sqlite3';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.ts';

/**
 * Brings a file up to SCHEMA_VERSION, one step per transaction, so a crash mid-way leaves
 * the file at a version it can resume from. A file from a newer Plenary is refused rather
 * than written with an older idea of its tables.
 */
export function migrate(db: Database.Database): void {
  const fileVersion = db.pragma('user_version', { simple: true }) as number;
  if (fileVersion > SCHEMA_VERSION) {
    throw new Error(
      `${db.name} has schema version ${fileVersion}, newer than this server's ${SCHEMA_VERSION}: upgrade Plenary or use another file`,
    );
  }
  for (let version = fileVersion; version < SCHEMA_VERSION; version++) {
    const step = db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    });
    step.immediate();
  }
}
