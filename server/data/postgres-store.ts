import type { SQL } from 'drizzle-orm';
import pg from 'pg';
import { INSTANCE_SETTING, TENANT_SETTING } from '../db/row-level-security';
import { PostgresSpelling, SQLITE_SHAPED_TYPES } from './postgres-spelling';
import type { Executor, Owner, Printed, Store } from './store';

/*
 * The Store on PostgreSQL: a pool of connections; each unit of work a transaction on one of them
 * (a lone statement runs without one: it is atomic by itself), acting for its owner. The owner is
 * a session setting of the connection (trasealla.tenant_id, or trasealla.instance), set before
 * the unit's first statement whenever the connection last acted for someone else; nothing but
 * this file reaches the pool. The row-level security policies read that setting: a query that
 * forgot its tenant filter still sees only the tenant's rows.
 */

const dialect = new PostgresSpelling();

/**
 * A name per statement text, so that each connection parses and plans a statement once and
 * reuses it (PostgreSQL plans an unnamed statement on every run). The texts are the code's own,
 * a bounded set (limits are rounded, lists of ids come in page sizes).
 */
const names = new Map<string, string>();
/** Past this many texts, new ones run unnamed: a text that ever carried a value would not fill memory. */
const MAX_NAMED = 2_000;
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMED) {
    name = `t${names.size.toString(36)}`;
    names.set(text, name);
  }
  return name;
}

const namedAs = (text: string) => {
  const name = nameOf(text);
  return name === undefined ? {} : { name };
};

function executor(client: pg.PoolClient): Executor {
  const run = (printed: Printed, rowMode?: 'array') =>
    client.query({ text: printed.sql, values: printed.params, ...namedAs(printed.sql), ...(rowMode ? { rowMode } : {}) });
  const query = async (printed: Printed, shape: 'objects' | 'arrays') => (await run(printed, shape === 'arrays' ? 'array' : undefined)).rows;
  const execute = async (printed: Printed) => (await run(printed)).rowCount ?? 0;
  return {
    query,
    execute,
    rows: async <T extends Record<string, unknown>>(sql: SQL) => (await query(dialect.sqlToQuery(sql), 'objects')) as T[],
    run: (sql: SQL) => execute(dialect.sqlToQuery(sql)),
  };
}

/** Ids are Crockford base32 behind a prefix; anything else never reaches SQL text. */
const TENANT_ID = /^[a-z]{3}_[0-9A-Za-z]{1,40}$/;

const ownerKey = (owner: Owner) => (owner === 'instance' ? 'instance' : owner.tenantId);

/**
 * The statement that makes a connection act for `owner` until told otherwise: the tenant's id
 * and the instance flag, both set, so the one never lingers beside the other. Spelled as
 * literals (the id checked first) so it travels in one simple query with BEGIN.
 */
function ownerStatement(owner: Owner): string {
  if (owner === 'instance') return `SELECT set_config('${INSTANCE_SETTING}', 'on', false), set_config('${TENANT_SETTING}', '', false)`;
  if (!TENANT_ID.test(owner.tenantId)) throw new Error(`not a tenant id: ${JSON.stringify(owner.tenantId)}`);
  return `SELECT set_config('${TENANT_SETTING}', '${owner.tenantId}', false), set_config('${INSTANCE_SETTING}', '', false)`;
}

// A read sees one snapshot throughout (a page and its total agree); read-only transactions under
// REPEATABLE READ never fail to serialise. Writes stay READ COMMITTED.
const BEGIN = { read: 'BEGIN READ ONLY ISOLATION LEVEL REPEATABLE READ', write: 'BEGIN READ WRITE' } as const;

export function openPostgresStore(url: string, options: { maxConnections?: number } = {}): Store {
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types: SQLITE_SHAPED_TYPES });
  /*
   * Whom each pooled connection acts for. Every unit of work sets its owner before its first
   * statement unless the connection acts for that owner already, so a connection never serves one
   * tenant with another's setting; skipping the set when it matches saves a round trip (the
   * round trips, not the queries, are most of a small request's cost: bench/crm-scale-postgres).
   */
  const actingFor = new WeakMap<pg.PoolClient, string>();
  const claim = async (owner: Owner, then?: string) => {
    const client = await pool.connect();
    try {
      const key = ownerKey(owner);
      const set = actingFor.get(client) === key ? [] : [ownerStatement(owner)];
      // BEGIN first: its isolation level must precede any query of the transaction.
      const statements = [...(then ? [then] : []), ...set];
      if (statements.length > 0) {
        actingFor.delete(client);
        await client.query(statements.join('; '));
        actingFor.set(client, key);
      }
      return client;
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
  };
  async function unit<T>(owner: Owner, begin: string, work: (db: Executor) => Promise<T>): Promise<T> {
    const client = await claim(owner, begin);
    try {
      const result = await work(executor(client));
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (error) {
      // A rollback also undoes an owner set inside the transaction: whom the connection acts
      // for is then unknown, so the next unit sets it again.
      actingFor.delete(client);
      // A connection that cannot even roll back is dropped from the pool, not reused.
      const broken = await client.query('ROLLBACK').then(
        () => undefined,
        (err: unknown) => err as Error,
      );
      client.release(broken);
      throw error;
    }
  }
  return {
    engine: 'postgres',
    dialect,
    read: (owner, work) => unit(owner, BEGIN.read, work),
    transaction: (owner, work) => unit(owner, BEGIN.write, work),
    // One statement is atomic on its own: no BEGIN and COMMIT around it.
    async alone(owner, _writes, work) {
      const client = await claim(owner);
      try {
        const result = await work(executor(client));
        client.release();
        return result;
      } catch (error) {
        client.release();
        throw error;
      }
    },
    close: () => pool.end(),
  };
}
