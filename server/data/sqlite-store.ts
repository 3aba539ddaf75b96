import type Database from 'better-sqlite3';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import type { SQL } from 'drizzle-orm';
import { openConnection } from '../db/client';
import type { Executor, Owner, Printed, Store } from './store';

/*
 * The Store on SQLite. One connection writes, and a transaction holds it across its awaits, so
 * transactions take turns (SQLite has one writer anyway): a queue, not a lock timeout. Reads use
 * a second, read-only connection; in WAL mode it sees only committed data, never the open
 * transaction of another request, and a write through it fails at once instead of waiting.
 */

const dialect = new SQLiteAsyncDialect();

function executor(connection: Database.Database): Executor {
  const query = async (printed: Printed, shape: 'objects' | 'arrays') => {
    const statement = connection.prepare(printed.sql);
    if (!statement.reader) {
      statement.run(...printed.params);
      return [];
    }
    return shape === 'arrays' ? statement.raw(true).all(...printed.params) : statement.all(...printed.params);
  };
  const execute = async (printed: Printed) => connection.prepare(printed.sql).run(...printed.params).changes;
  return {
    query,
    execute,
    rows: async <T extends Record<string, unknown>>(sql: SQL) => (await query(dialect.sqlToQuery(sql), 'objects')) as T[],
    run: (sql: SQL) => execute(dialect.sqlToQuery(sql)),
  };
}

/**
 * Opens the Store over a migrated database file. `writer` is a connection the caller already
 * has open on it (the server's: backups and checkpoints run on it); by default one is opened.
 */
export function openSqliteStore(file: string, options: { writer?: Database.Database } = {}): Store {
  const writer = options.writer ?? openConnection(file);
  const ownsWriter = options.writer === undefined;
  const reader = openConnection(file, { readonly: true });
  const writes = executor(writer);
  const reads = executor(reader);
  // The transaction whose turn it is; the next waits for it to settle.
  let turn: Promise<unknown> = Promise.resolve();

  const store: Store = {
    engine: 'sqlite',
    dialect,
    // A tenant's reads are filtered by the data layer's queries (SQLite has no row-level security).
    read: async (_owner: Owner, work) => work(reads),
    alone: (owner, writes, work) => (writes ? store.transaction(owner, work) : store.read(owner, work)),
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
      if (ownsWriter) writer.close();
    },
  };
  return store;
}
