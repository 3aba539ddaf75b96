import type pg from 'pg';
import { SchemaTooNewError, type MigrateResult } from './migrate';
import { loadMigrations, POSTGRES_MIGRATIONS, type Migration } from './migrations-source';
import { INSTANCE_SETTING } from './row-level-security';

/*
 * PostgreSQL's migrations (server/db/migrations-pg, generated from the same schema as SQLite's):
 * applied in order, each in its own transaction with its row in schema_migrations, under an
 * advisory lock so that several replicas starting together migrate once (the others wait, then
 * find nothing left to do). A database a newer build migrated is refused, as on SQLite.
 */

/** pg_advisory_lock key: "trasealla migrate" hashed once, a constant every replica shares. */
export const MIGRATION_LOCK = 7_254_618_213;

export const loadPgMigrations = (): Migration[] => loadMigrations(undefined, POSTGRES_MIGRATIONS);

/** The schema version a PostgreSQL database is at: 0 before its first migration. Reads only. */
export async function postgresSchemaVersion(client: pg.ClientBase): Promise<number> {
  const { rows } = await client.query<{ version: number | null }>(
    "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN NULL ELSE (SELECT max(version) FROM schema_migrations) END AS version",
  );
  return rows[0]?.version ?? 0;
}

async function appliedVersion(client: pg.ClientBase): Promise<number> {
  await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY, tag text NOT NULL, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  return postgresSchemaVersion(client);
}

export async function migratePostgres(
  client: pg.ClientBase,
  options: { migrations?: Migration[]; onProgress?: (message: string) => void } = {},
): Promise<MigrateResult> {
  const migrations = options.migrations ?? loadPgMigrations();
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    const from = await appliedVersion(client);
    if (from > migrations.length) throw new SchemaTooNewError(from, migrations.length);
    const pending = migrations.filter((m) => m.version > from);
    for (const migration of pending) {
      options.onProgress?.(`Applying PostgreSQL migration ${migration.version} (${migration.tag})`);
      await client.query('BEGIN');
      try {
        // Data migrations see every tenant's rows: row-level security lets instance-level work through.
        await client.query(`SELECT set_config('${INSTANCE_SETTING}', 'on', true)`);
        for (const statement of migration.statements) await client.query(statement);
        await client.query('INSERT INTO schema_migrations (version, tag, hash) VALUES ($1, $2, $3)', [
          migration.version,
          migration.tag,
          migration.hash,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    const to = pending.length > 0 ? pending[pending.length - 1]!.version : from;
    return { from, to, applied: pending.map((m) => m.tag) };
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
