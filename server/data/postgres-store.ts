import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { INSTANCE_SETTING, TENANT_SETTING } from '../db/row-level-security';
import type { Executor, Owner, Store } from './store';

/*
 * The Store on PostgreSQL: a pool of connections, each unit of work a transaction on one of them
 * with its owner set by SET LOCAL (set_config(…, true)), so it lasts exactly as long as the
 * transaction and a pooled connection never carries one request's tenant into the next. The
 * row-level security policies read that setting: a query that forgot its tenant filter still
 * sees only the tenant's rows.
 */

const dialect = new PgDialect();

function executor(client: pg.PoolClient): Executor {
  return {
    rows: async <T extends Record<string, unknown>>(query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      return (await client.query<T>(sql, params)).rows;
    },
    run: async (query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      return (await client.query(sql, params)).rowCount ?? 0;
    },
  };
}

/** Ids are Crockford base32 behind a prefix; anything else never reaches SQL text. */
const TENANT_ID = /^[a-z]{3}_[0-9A-Za-z]{1,40}$/;

/**
 * BEGIN and the owner in one round trip (a simple query of two statements): the owner is spelled
 * as a literal, so it is checked first. A read makes three round trips instead of four.
 */
function beginFor(owner: Owner, mode: 'READ ONLY' | 'READ WRITE'): string {
  if (owner === 'instance') return `BEGIN ${mode}; SELECT set_config('${INSTANCE_SETTING}', 'on', true)`;
  if (!TENANT_ID.test(owner.tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(owner.tenantId)}`);
  return `BEGIN ${mode}; SELECT set_config('${TENANT_SETTING}', '${owner.tenantId}', true)`;
}

export function openPostgresStore(url: string, options: { maxConnections?: number } = {}): Store {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10 });
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
    read: (owner, work) => unit(owner, 'READ ONLY', work),
    transaction: (owner, work) => unit(owner, 'READ WRITE', work),
    close: () => pool.end(),
  };
}
