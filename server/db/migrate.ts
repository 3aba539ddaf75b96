import type Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadMigrations, type Migration } from './migrations-source';

export class SchemaTooNewError extends Error {
  constructor(
    readonly databaseVersion: number,
    readonly buildVersion: number,
  ) {
    super(
      `This database has schema version ${databaseVersion}, but this build of Trasealla CRM only knows up to ` +
        `version ${buildVersion}. It was written by a newer release: run that release (or newer), or restore a ` +
        `backup taken before the upgrade.`,
    );
    this.name = 'SchemaTooNewError';
  }
}

export interface SchemaStatus {
  current: number;
  latest: number;
  pending: number;
}

export function schemaStatus(sqlite: Database.Database, migrations: Migration[] = loadMigrations()): SchemaStatus {
  const current = sqlite.pragma('user_version', { simple: true }) as number;
  const latest = migrations.length;
  return { current, latest, pending: Math.max(0, latest - current) };
}

/** Refuses a database a newer build wrote; an older build must never write into it. */
export function assertSchemaNotNewer(sqlite: Database.Database, migrations: Migration[] = loadMigrations()): void {
  const { current, latest } = schemaStatus(sqlite, migrations);
  if (current > latest) throw new SchemaTooNewError(current, latest);
}

export interface MigrateOptions {
  migrations?: Migration[];
  /** Where to put the automatic pre-upgrade backup; none is taken for a fresh database. */
  backupDir?: string;
  now?: () => Date;
  onProgress?: (message: string) => void;
}

export interface MigrateResult {
  from: number;
  to: number;
  applied: string[];
  backupFile?: string;
}

/**
 * Brings the schema up to this build's version. Each migration runs in its
 * own transaction and bumps PRAGMA user_version with it, so a crash leaves
 * the database at a clean version. An existing database is backed up first.
 */
export async function migrate(sqlite: Database.Database, options: MigrateOptions = {}): Promise<MigrateResult> {
  const migrations = options.migrations ?? loadMigrations();
  assertSchemaNotNewer(sqlite, migrations);
  const from = schemaStatus(sqlite, migrations).current;
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return { from, to: from, applied: [] };

  let backupFile: string | undefined;
  if (from > 0 && options.backupDir) {
    mkdirSync(options.backupDir, { recursive: true, mode: 0o700 });
    const stamp = (options.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    backupFile = join(options.backupDir, `pre-migrate-v${from}-${stamp}.sqlite`);
    options.onProgress?.(`Backing up the database to ${backupFile} before upgrading the schema`);
    await sqlite.backup(backupFile);
  }

  sqlite.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, tag TEXT NOT NULL, hash TEXT NOT NULL, applied_at INTEGER NOT NULL)`);

  // Table rebuilds in generated migrations need foreign keys off; SQLite
  // ignores that pragma inside a transaction, so it is switched here and the
  // whole database is checked before it is switched back on.
  sqlite.pragma('foreign_keys = OFF');
  try {
    for (const migration of pending) {
      options.onProgress?.(`Applying migration ${migration.version} (${migration.tag})`);
      sqlite.transaction(() => {
        for (const statement of migration.statements) sqlite.exec(statement);
        sqlite
          .prepare('INSERT INTO schema_migrations (version, tag, hash, applied_at) VALUES (?, ?, ?, ?)')
          .run(migration.version, migration.tag, migration.hash, Date.now());
        sqlite.pragma(`user_version = ${migration.version}`);
        const violations = sqlite.pragma('foreign_key_check') as unknown[];
        if (violations.length > 0) throw new Error(`Migration ${migration.tag} left ${violations.length} broken references.`);
      })();
    }
  } finally {
    sqlite.pragma('foreign_keys = ON');
  }
  const last = pending[pending.length - 1]!;
  return { from, to: last.version, applied: pending.map((m) => m.tag), ...(backupFile ? { backupFile } : {}) };
}
