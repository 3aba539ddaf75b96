import type { SQL } from 'drizzle-orm';
import type { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';

/*
 * The asynchronous, engine-neutral core of the data layer (issue "one data layer on two
 * engines"). Queries are written once, with drizzle's SQLite builders over the one schema; each
 * engine spells them in its own words (`dialect`: SQLite's own, or PostgreSQL's with the values
 * converted, postgres-spelling.ts) and runs them. Rows come back in the shapes SQLite's driver
 * gives (times as milliseconds, flags as 1/0, JSON as text), so one decoder serves both engines.
 * Every unit of work names whose it is: a tenant (its rows only; on PostgreSQL the row-level
 * security policies enforce it as well) or the instance (sign-in, operators, migrations).
 *
 * SQLite (sqlite-store.ts): transactions take turns on one writer connection, reads use a
 * read-only connection and see committed data only. PostgreSQL (postgres-store.ts): a pool, the
 * tenant set per transaction with SET LOCAL.
 */

/** Whose rows a unit of work may touch. */
export type Owner = { tenantId: string } | 'instance';

/** A statement already spelled for its engine. */
export interface Printed {
  sql: string;
  params: unknown[];
}

/** Runs statements inside one unit of work. */
export interface Executor {
  /** Rows of a query, by column name. */
  rows<T extends Record<string, unknown> = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** A statement's affected-row count. */
  run(query: SQL): Promise<number>;
  /** Rows of a printed query: objects by column name, or arrays in the selection's order. */
  query(printed: Printed, shape: 'objects' | 'arrays'): Promise<unknown[]>;
  /** A printed statement's affected-row count. */
  execute(printed: Printed): Promise<number>;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** Spells drizzle's SQLite builders and fragments for this engine. */
  readonly dialect: SQLiteAsyncDialect;
  /** A read-only unit of work: sees committed data only. */
  read<T>(owner: Owner, work: (db: Executor) => Promise<T>): Promise<T>;
  /** A read-write transaction: committed when `work` resolves, rolled back when it throws. */
  transaction<T>(owner: Owner, work: (db: Executor) => Promise<T>): Promise<T>;
  /**
   * One statement outside any unit of work, atomic on its own: `work` runs exactly one. The
   * engine may skip the transaction around it (PostgreSQL: one round trip instead of three).
   */
  alone<T>(owner: Owner, writes: boolean, work: (db: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
