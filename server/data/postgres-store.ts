import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { INSTANCE_SETTING, TENANT_SETTING } from '../db/row-level-security';
import { PostgresSpelling, SQLITE_SHAPED_TYPES } from './postgres-spelling';
import type { Executor, Owner, Printed, Store } from './store';

/*
 * The Store on PostgreSQL: a pool of connections, each unit of work a transaction on one of them
 * with its owner set by SET LOCAL (set_config(…, true)), so it lasts exactly as long as the
 * transaction and a pooled connection never carries one request's tenant into the next. The
 * row-level security policies read that setting: a query that forgot its tenant filter still
 * sees only the tenant's rows.
 */

const dialect = new PostgresSpelling();

function executor(client: pg.PoolClient): Executor {
  const query = async (printed: Printed, shape: 'objects' | 'arrays') =>
    (await client.query({ text: printed.sql, values: printed.params, ...(shape === 'arrays' ? { rowMode: 'array' } : {}) })).rows;
  const execute = async (printed: Printed) => (await client.query(printed.sql, printed.params)).rowCount ?? 0;
  return {
    query,
    execute,
    rows: async <T extends Record<string, unknown>>(sql: SQL) => (await query(dialect.sqlToQuery(sql), 'objects')) as T[],
    run: (sql: SQL) => execute(dialect.sqlToQuery(sql)),
  };
}

/** Ids are Crockford base32 behind a prefix; anything else never reaches SQL text. */
const TENANT_ID = /^[a-z]{3}_[0-9A-Za-z]{1,40}$/;

/**
 * BEGIN and the owner in one round trip (a simple query of two statements): the owner is spelled
 * as a literal, so it is checked first. A read makes three round trips instead of four.
 */
function beginFor(owner: Owner, access: 'READ ONLY' | 'READ WRITE'): string {
  // A read sees one snapshot throughout (a page and its total agree); read-only transactions
  // under REPEATABLE READ never fail to serialise. Writes stay READ COMMITTED, retried by no one.
  const mode = access === 'READ ONLY' ? 'READ ONLY ISOLATION LEVEL REPEATABLE READ' : access;
  if (owner === 'instance') return `BEGIN ${mode}; SELECT set_config('${INSTANCE_SETTING}', 'on', true)`;
  if (!TENANT_ID.test(owner.tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(owner.tenantId)}`);
  return `BEGIN ${mode}; SELECT set_config('${TENANT_SETTING}', '${owner.tenantId}', true)`;
}

export function openPostgresStore(url: string, options: { maxConnections?: number } = {}): Store {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types: SQLITE_SHAPED_TYPES });
  async function unit<T>(owner: Owner, mode: 'READ ONLY' | 'READ WRITE', work: (db: Executor) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    try {
      const begin = beginFor(owner, mode);
      try {
        await client.query(begin);
        const result = await work(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    } finally {
      client.release();
    }
  }
  return {
    engine: 'postgres',
    dialect,
    read: (owner, work) => unit(owner, 'READ ONLY', work),
    transaction: (owner, work) => unit(owner, 'READ WRITE', work),
    close: () => pool.end(),
  };
}
