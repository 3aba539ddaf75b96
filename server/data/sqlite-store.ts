import type Database from 'better-sqlite3';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import type { SQL } from 'drizzle-orm';
import { openConnection } from '../db/client';
import type { Executor, Owner, Store } from './store';

/*
 * The Store on SQLite. One connection writes, and a transaction holds it across its awaits, so
 * transactions take turns (SQLite has one writer anyway): a queue, not a lock timeout. Reads use
 * a second, read-only connection; in WAL mode it sees only committed data, never the open
 * transaction of another request, and a write through it fails at once instead of waiting.
 */

const dialect = new SQLiteSyncDialect();

function executor(connection: Database.Database): Executor {
  return {
    rows: async <T extends Record<string, unknown>>(query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      return connection.prepare(sql).all(...params) as T[];
    },
    run: async (query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      return connection.prepare(sql).run(...params).changes;
    },
  };
}

/** Opens the Store over a migrated database file. */
export function openSqliteStore(file: string): Store {
  const writer = openConnection(file);
  const reader = openConnection(file, { readonly: true });
  const writes = executor(writer);
  const reads = executor(reader);
  // The transaction whose turn it is; the next waits for it to settle.
  let turn: Promise<unknown> = Promise.resolve();

  return {
    engine: 'sqlite',
    // A tenant's reads are filtered by the data layer's queries (SQLite has no row-level security).
    read: async (_owner: Owner, work) => work(reads),
    transaction<T>(_owner: Owner, work: (db: Executor) => Promise<T>): Promise<T> {
      const mine = turn.then(async () => {
        writer.exec('BEGIN IMMEDIATE');
        try {
          const result = await work(writes);
          writer.exec('COMMIT');
          return result;
        } catch (error) {
          if (writer.inTransaction) writer.exec('ROLLBACK');
          throw error;
        }
      });
      turn = mine.catch(() => undefined);
      return mine;
    },
    async close() {
      await turn;
      reader.close();
      writer.close();
    },
  };
}
