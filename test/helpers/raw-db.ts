import Database from 'better-sqlite3';
import pg from 'pg';
import { SQLITE_SHAPED_TYPES } from '../../server/data/postgres-spelling';

/**
 * The database read straight, past the code under test: on SQLite a connection of its own to the
 * file, on PostgreSQL the cluster's superuser (past row-level security, so a test sees every
 * tenant's rows). Statements are written once for both engines with `?` placeholders; rows come
 * in SQLite's shapes on both (timestamps as milliseconds, booleans as 1/0, counts as numbers), so
 * one assertion holds on either engine.
 */
export interface RawDatabase {
  readonly engine: 'sqlite' | 'postgres';
  all<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T[]>;
  get<T = Record<string, unknown>>(text: string, ...params: unknown[]): Promise<T | undefined>;
  /** Runs a statement that returns nothing (a test planting a row), answering the rows it changed. */
  run(text: string, ...params: unknown[]): Promise<number>;
  /** Every table of the schema, by name. */
  tables(): Promise<string[]>;
  /** A table's column names. */
  columns(table: string): Promise<string[]>;
  close(): Promise<void>;
}

export function rawSqlite(file: string): RawDatabase {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  return {
    engine: 'sqlite',
    all: async <T>(text: string, ...params: unknown[]) => db.prepare(text).all(...params) as T[],
    get: async <T>(text: string, ...params: unknown[]) => db.prepare(text).get(...params) as T | undefined,
    run: async (text: string, ...params: unknown[]) => db.prepare(text).run(...params).changes,
    tables: async () =>
      (
        db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
          name: string;
        }[]
      ).map((t) => t.name),
    columns: async (table) => (db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string }[]).map((c) => c.name),
    close: async () => void db.close(),
  };
}

/** `?` placeholders as PostgreSQL's numbered ones (the suites' statements have no `?` inside strings). */
const numbered = (text: string) => {
  let n = 0;
  return text.replace(/\?/g, () => `$${(n += 1)}`);
};

export function rawPostgres(url: string): RawDatabase {
  const pool = new pg.Pool({ connectionString: url, max: 2, types: SQLITE_SHAPED_TYPES });
  const all = async <T>(text: string, ...params: unknown[]) => (await pool.query(numbered(text), params)).rows as T[];
  return {
    engine: 'postgres',
    all,
    get: async <T>(text: string, ...params: unknown[]) => (await all<T>(text, ...params))[0],
    run: async (text: string, ...params: unknown[]) => (await pool.query(numbered(text), params)).rowCount ?? 0,
    tables: async () =>
      (
        await all<{ name: string }>(
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
        )
      ).map((t) => t.name),
    columns: async (table) =>
      (
        await all<{ name: string }>(
          "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position",
          table,
        )
      ).map((c) => c.name),
    close: () => pool.end(),
  };
}
