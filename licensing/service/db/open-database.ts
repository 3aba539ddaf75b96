/** Opens (creating if needed) the license service's SQLite file and applies its migrations. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAsset, isSea } from 'node:sea';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema';

export type LicenseDb = BetterSQLite3Database<typeof schema>;

/** Asset names of the migrations in the `tras-license` single executable (see build/binary.ts). */
export const LICENSE_MIGRATION_ASSETS = 'license-migrations/';

/**
 * drizzle's migrator reads a folder. From source that is the committed one; the single
 * executable carries the files as assets, written to a private temporary folder for the run.
 */
function withMigrationsFolder<R>(fn: (folder: string) => R): R {
  if (!isSea()) return fn(fileURLToPath(new URL('./migrations', import.meta.url)));
  const dir = mkdtempSync(join(tmpdir(), 'tras-license-migrations-'));
  try {
    const names = JSON.parse(getAsset('manifest.json', 'utf8')) as string[];
    for (const name of names.filter((n) => n.startsWith(LICENSE_MIGRATION_ASSETS))) {
      const file = join(dir, name.slice(LICENSE_MIGRATION_ASSETS.length));
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, Buffer.from(getAsset(name)));
    }
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function openLicenseDatabase(path: string): { db: LicenseDb; close(): void } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // WAL + NORMAL: durable across application crashes, one fsync per checkpoint instead of per write.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  withMigrationsFolder((migrationsFolder) => migrate(db, { migrationsFolder }));
  return { db, close: () => sqlite.close() };
}
