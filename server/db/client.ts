import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type { RunResult } from 'better-sqlite3';
import * as platformSchema from './schema';
import { registerSearchFunctions } from './search-text';
import * as crmSchema from './schema-crm';

const schema = { ...platformSchema, ...crmSchema };

export type Db = BetterSQLite3Database<typeof schema>;
/** A connection or a transaction on it: what the data layer runs queries on. */
export type Queryable = BaseSQLiteDatabase<'sync', RunResult, typeof schema>;

export interface DatabaseHandle {
  /** drizzle over the connection: the only way services query. */
  db: Db;
  /** The raw connection, for pragmas, backups and the migrator. */
  sqlite: Database.Database;
  file: string;
  /**
   * Stops automatic WAL checkpoints until every caller has called the function it returns
   * (then one checkpoint runs). A bulk import commits a batch every few thousand rows and
   * each commit touches the same index pages: checkpointing after every batch copied them
   * into the database file again and again (a quarter of a 100,000-row import's time).
   */
  deferCheckpoints(): () => void;
  close(): void;
}

const AUTOCHECKPOINT_PAGES = 1000;

/**
 * Opens (creating if needed) the SQLite file with the pragmas the server
 * relies on: WAL so readers never wait on the writer, foreign keys on
 * (composite tenant keys depend on it), a busy timeout so a CLI command and
 * the server can share the file, and synchronous=NORMAL, which in WAL mode
 * loses no committed transaction on a process crash.
 */
export function openDatabase(file: string, options: { readonly?: boolean } = {}): DatabaseHandle {
  const sqlite = openConnection(file, options);
  const db = drizzle({ client: sqlite, schema });
  let deferring = 0;
  return {
    db,
    sqlite,
    file,
    deferCheckpoints: () => {
      if (deferring++ === 0) sqlite.pragma('wal_autocheckpoint = 0');
      let resumed = false;
      return () => {
        if (resumed) return;
        resumed = true;
        if (--deferring > 0 || !sqlite.open) return;
        sqlite.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        sqlite.pragma('wal_checkpoint(PASSIVE)');
      };
    },
    close: () => {
      if (!sqlite.open) return;
      // Fold the WAL back into the main file so a copied data directory is whole.
      if (!options.readonly) sqlite.pragma('wal_checkpoint(TRUNCATE)');
      sqlite.close();
    },
  };
}

/** A connection with those pragmas, the statement cache and the search functions: every connection the server opens. */
export function openConnection(file: string, options: { readonly?: boolean } = {}): Database.Database {
  const sqlite = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  if (!options.readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  cacheStatements(sqlite);
  registerSearchFunctions(sqlite);
  return sqlite;
}

/**
 * The data layer hands SQLite a statement's text on every run, and preparing costs more than
 * running a small indexed query. Statements are kept by SQL text (least recently used out first)
 * and handed back in object mode: drizzle asks for raw mode explicitly whenever it wants it.
 * Worth 26-28% of GET /api/contacts/:id, 14-20% of a 50-row list, 20-23% of a create
 * (bench/speed-ups.bench.ts).
 */
function cacheStatements(sqlite: Database.Database, max = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let stmt = cache.get(source);
    if (stmt) {
      cache.delete(source);
      cache.set(source, stmt);
      if (stmt.reader) stmt.raw(false);
      return stmt;
    }
    stmt = prepare(source);
    cache.set(source, stmt);
    if (cache.size > max) cache.delete(cache.keys().next().value!);
    return stmt;
  }) as typeof sqlite.prepare;
}
