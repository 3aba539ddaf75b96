import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { migrate, SchemaTooNewError } from '../../server/db/migrate';
import { loadPgMigrations, migratePostgres } from '../../server/db/migrate-pg';
import { INSTANCE_SETTING, TENANT_SETTING, tenantColumnOf } from '../../server/db/row-level-security';
import { freshDatabase, skipWithoutPostgres } from '../helpers/postgres';
import { tempDir } from '../helpers/temp-dir';

/*
 * PostgreSQL from the one schema, on a real server (a throw-away cluster the run starts):
 * the migrations drizzle-kit generated from server/db/schema-pg.ts give the same tables,
 * columns and indexes as SQLite's, replicas starting together migrate once, a newer schema is
 * refused, and row-level security stops a query that forgot the tenant filter.
 */

const noPostgres = skipWithoutPostgres('test/server/postgres-schema.test.ts');

/** Tables only SQLite has: its full-text index and that index's own tables. */
const SQLITE_ONLY = /^(search_index|search_index_.*|schema_migrations|sqlite_.*)$/;

describe.skipIf(noPostgres)('PostgreSQL from the one schema', () => {
  let url: string;
  let owner: pg.Client;

  beforeAll(async () => {
    url = await freshDatabase();
    owner = new pg.Client({ connectionString: url });
    await owner.connect();
  });
  afterAll(async () => {
    await owner?.end();
  });

  it('two replicas migrating at once apply every migration exactly once', async () => {
    const second = new pg.Client({ connectionString: url });
    await second.connect();
    try {
      const [a, b] = await Promise.all([migratePostgres(owner), migratePostgres(second)]);
      const total = loadPgMigrations().length;
      expect([a.applied.length, b.applied.length].sort()).toEqual([0, total]);
      const { rows } = await owner.query<{ n: string }>('SELECT count(*) AS n FROM schema_migrations');
      expect(Number(rows[0]!.n)).toBe(total);
    } finally {
      await second.end();
    }
  });

  it('has the tables, columns and indexes of the SQLite schema', async () => {
    const handle = openDatabase(join(tempDir(), 'crm.db'));
    try {
      await migrate(handle.sqlite);
      const sqliteTables = (handle.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[])
        .map((t) => t.name)
        .filter((name) => !SQLITE_ONLY.test(name))
        .sort();
      const { rows: pgTables } = await owner.query<{ table_name: string }>(
        // search_documents is PostgreSQL's full-text index, as search_index is SQLite's.
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name NOT IN ('schema_migrations', 'search_documents') ORDER BY table_name",
      );
      expect(pgTables.map((t) => t.table_name)).toEqual(sqliteTables);
      for (const table of sqliteTables) {
        const sqliteColumns = (handle.sqlite.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; notnull: number }[])
          .map((c) => `${c.name}${c.notnull ? ' not null' : ''}`)
          .sort();
        const { rows } = await owner.query<{ column_name: string; is_nullable: string }>(
          'SELECT column_name, is_nullable FROM information_schema.columns WHERE table_name = $1',
          [table],
        );
        // SQLite reports a primary-key column as nullable unless declared NOT NULL; every one here is.
        expect(rows.map((c) => `${c.column_name}${c.is_nullable === 'NO' ? ' not null' : ''}`).sort(), table).toEqual(sqliteColumns);
      }
      const sqliteIndexes = (
        handle.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as { name: string }[]
      )
        .map((i) => i.name)
        .sort();
      const { rows: pgIndexes } = await owner.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename <> 'search_documents' AND indexname NOT LIKE '%_pkey' AND indexname NOT LIKE '%_pk' ORDER BY indexname",
      );
      expect(pgIndexes.map((i) => i.indexname)).toEqual(sqliteIndexes);
    } finally {
      handle.close();
    }
  });

  it('puts every tenant table under a forced row-level security policy', async () => {
    const { rows } = await owner.query<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: string }>(`
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, count(p.polname)::text AS policies
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_policy p ON p.polrelid = c.oid
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname <> 'schema_migrations'
      GROUP BY c.relname, c.relrowsecurity, c.relforcerowsecurity`);
    const { rows: columns } = await owner.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const tenantTables = new Set(columns.filter((c) => c.column_name === tenantColumnOf(c.table_name)).map((c) => c.table_name));
    expect(tenantTables.size).toBeGreaterThan(10);
    for (const row of rows) {
      const expected = tenantTables.has(row.relname);
      expect({ table: row.relname, rls: row.relrowsecurity, forced: row.relforcerowsecurity, policies: row.policies }).toEqual({
        table: row.relname,
        rls: expected,
        forced: expected,
        policies: expected ? '1' : '0',
      });
    }
  });

  it("a query without the tenant filter, through the application's role, returns no other tenant's rows", async () => {
    await owner.query(
      `DO $$ BEGIN CREATE ROLE trasealla_app LOGIN NOSUPERUSER NOBYPASSRLS; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
    );
    await owner.query('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO trasealla_app');
    await owner.query('BEGIN');
    await owner.query(`SELECT set_config('${INSTANCE_SETTING}', 'on', true)`);
    for (const tenant of ['ten_a', 'ten_b']) {
      await owner.query("INSERT INTO tenants (id, slug, name, settings, created_at, updated_at) VALUES ($1, $1, $1, '{}', now(), now())", [
        tenant,
      ]);
      await owner.query(
        'INSERT INTO contacts (tenant_id, id, first_name, last_name, created_at, updated_at) VALUES ($1, $2, $3, $3, now(), now())',
        [tenant, `con_${tenant}`, tenant],
      );
    }
    await owner.query('COMMIT');

    const appUrl = new URL(url);
    appUrl.username = 'trasealla_app';
    const app = new pg.Client({ connectionString: appUrl.toString() });
    await app.connect();
    try {
      const unscoped = async (tenant: string | null) => {
        await app.query('BEGIN');
        try {
          if (tenant) await app.query(`SELECT set_config('${TENANT_SETTING}', $1, true)`, [tenant]);
          // Deliberately unscoped: no WHERE tenant_id = … at all.
          const { rows } = await app.query<{ tenant_id: string }>('SELECT tenant_id FROM contacts');
          return rows.map((r) => r.tenant_id);
        } finally {
          await app.query('COMMIT');
        }
      };
      expect(await unscoped('ten_a')).toEqual(['ten_a']);
      expect(await unscoped('ten_b')).toEqual(['ten_b']);
      expect(await unscoped(null)).toEqual([]);

      // Writing into another tenant is refused the same way.
      await app.query('BEGIN');
      await app.query(`SELECT set_config('${TENANT_SETTING}', 'ten_a', true)`);
      await expect(
        app.query(
          "INSERT INTO contacts (tenant_id, id, first_name, last_name, created_at, updated_at) VALUES ('ten_b', 'con_x', 'x', 'x', now(), now())",
        ),
      ).rejects.toThrow(/row-level security/);
      await app.query('ROLLBACK');
      const { rowCount } = await app.query("UPDATE contacts SET first_name = 'changed' WHERE id = 'con_ten_b'");
      expect(rowCount).toBe(0);
    } finally {
      await app.end();
    }
  });

  it('refuses a database a newer build migrated', async () => {
    const latest = loadPgMigrations().length;
    await owner.query("INSERT INTO schema_migrations (version, tag, hash) VALUES ($1, 'from_the_future', 'x')", [latest + 1]);
    await expect(migratePostgres(owner)).rejects.toBeInstanceOf(SchemaTooNewError);
  });
});
