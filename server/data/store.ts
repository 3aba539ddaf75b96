import type { SQL } from 'drizzle-orm';

/*
 * The asynchronous, engine-neutral core the data layer moves onto (issue "one data layer on two
 * engines"): statements are drizzle `sql` fragments, each engine spells them in its own dialect
 * and runs them. Every unit of work names whose it is: a tenant (its rows only; on PostgreSQL the
 * row-level security policies enforce it as well) or the instance (sign-in, operators, migrations).
 *
 * SQLite (sqlite-store.ts): transactions take turns on one writer connection, reads use a
 * read-only connection and see committed data only. PostgreSQL (postgres-store.ts): a pool, the
 * tenant set per transaction with SET LOCAL.
 */

/** Whose rows a unit of work may touch. */
export type Owner = { tenantId: string } | 'instance';

/** Runs statements inside one unit of work. */
export interface Executor {
  /** Rows of a query, by column name, as the driver returns them. */
  rows<T extends Record<string, unknown> = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** A statement's affected-row count. */
  run(query: SQL): Promise<number>;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  /** A read-only unit of work: sees committed data only. */
  read<T>(owner: Owner, work: (db: Executor) => Promise<T>): Promise<T>;
  /** A read-write transaction: committed when `work` resolves, rolled back when it throws. */
  transaction<T>(owner: Owner, work: (db: Executor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
