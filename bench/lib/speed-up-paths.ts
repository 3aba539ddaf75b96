import type Database from 'better-sqlite3';
import { and, asc, count, desc, eq, getTableColumns, getTableName, isNull, sql, type SQL } from 'drizzle-orm';
import { SQLiteAsyncDialect, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DataLayer } from '../../server/data/data-layer';
import { rowDecoder } from '../../server/data/row-decoder';
import type { Executor, Owner, Printed, Store } from '../../server/data/store';
import { cachedTotal, TenantScope, type TenantTable } from '../../server/data/tenant-scope';
import { openConnection } from '../../server/db/client';
import { columnKey } from '../../server/db/column-key';
import { limitAtLeast } from '../../server/db/limit-at-least';
import { contacts } from '../../server/db/schema-crm';
import type { AppDeps, RequestContext } from '../../server/lib/context';
import { parseSort } from '../../server/lib/schemas';
import { contactSpec, toContactDto } from '../../server/modules/crm/contacts.record';
import type { ContactDto } from '../../server/modules/crm/contacts.schemas';
import { dtosOf, getLive } from '../../server/modules/crm/record-kit';
import { notFound } from '../../platform/errors';
import { paginate, sortCursorName, afterCursor } from '../../platform/pagination';

/*
 * The server's hot paths as bench/speed-ups.bench.ts runs them with each hand-written speed-up
 * switched off in turn: copies of the server's own code (server/data/sqlite-store.ts,
 * TenantScope.list and find, contacts.record.ts's DTO), written so that one knob changes one
 * thing, because the server's modules cannot be patched from outside (ESM named exports).
 * The bench checks that every variant answers exactly what the server does.
 */

type ContactRow = typeof contacts.$inferSelect;

// ---------------------------------------------------------------------------------------------
// The statement cache (server/db/client.ts, cacheStatements in openConnection).

const dialect = new SQLiteAsyncDialect();

/** server/data/sqlite-store.ts's executor, line for line. */
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
    rows: async <T extends Record<string, unknown>>(q: SQL) => (await query(dialect.sqlToQuery(q), 'objects')) as T[],
    run: (q: SQL) => execute(dialect.sqlToQuery(q)),
  };
}

/**
 * server/data/sqlite-store.ts's Store over connections of its own, opened as the server opens
 * them (openConnection: pragmas, statement cache, search functions); `statementCache: false`
 * then takes the cache off both, so each statement is prepared afresh, as better-sqlite3 does.
 */
export function benchSqliteStore(file: string, options: { statementCache: boolean }): Store {
  const writer = openConnection(file);
  const reader = openConnection(file, { readonly: true });
  if (!options.statementCache) {
    // cacheStatements set `prepare` on the connection itself; without it the prototype's runs.
    for (const connection of [writer, reader]) {
      delete (connection as { prepare?: unknown }).prepare;
      if (connection.prepare !== Object.getPrototypeOf(connection).prepare) throw new Error('the statement cache is still on');
    }
  }
  const writes = executor(writer);
  const reads = executor(reader);
  let turn: Promise<unknown> = Promise.resolve();
  const store: Store = {
    engine: 'sqlite',
    dialect,
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
      writer.close();
    },
  };
  return store;
}

/** The same caller as `ctx`, over another data layer: what its services and middleware then query. */
export function contextOver(ctx: RequestContext, data: DataLayer): { deps: AppDeps; ctx: RequestContext } {
  const deps: AppDeps = { ...ctx.deps, data };
  const scope = new TenantScope(data, ctx.scope.tenantId, ctx.scope.actor, ctx.scope.requestId, ctx.scope.clock);
  return { deps, ctx: { ...ctx, deps, scope } };
}

// ---------------------------------------------------------------------------------------------
// A contact as the API answers it, with Date#toISOString instead of isoTime (server/lib/iso-time.ts).

export const plainContactDto = (row: ContactRow): ContactDto => ({
  id: row.id,
  firstName: row.firstName,
  lastName: row.lastName,
  email: row.email,
  phone: row.phone,
  title: row.title,
  companyId: row.companyId,
  ownerId: row.ownerId,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
  deletedAt: row.deletedAt ? row.deletedAt.toISOString() : null,
});

// ---------------------------------------------------------------------------------------------
// A list page: listRecords(ctx, contactSpec, query) → TenantScope.list → paginate, with knobs.

export interface ListKnobs {
  /** TenantScope's selectAll() fragment (built once per table), or drizzle's select() builder spelling the columns. */
  columns: 'hand-built' | 'builder';
  /** Arrays through rowDecoder (server/data/row-decoder.ts), or drizzle's own mapping (`.all()`). */
  rows: 'decoder' | 'drizzle';
  /** limitAtLeast(take) written into the text (server/db/limit-at-least.ts), or `LIMIT ?` bound to take. */
  limit: 'rounded literal' | 'bound';
  /** The total from cachedTotal (UntilChangedCache, server/data/change-cache.ts), or counted on every page. */
  total: 'cached' | 'counted';
  /** isoTime (server/lib/iso-time.ts) or Date#toISOString in the DTOs. */
  time: 'isoTime' | 'toISOString';
}

/** What the server does today: every speed-up on. */
export const PRODUCTION: ListKnobs = { columns: 'hand-built', rows: 'decoder', limit: 'rounded literal', total: 'cached', time: 'isoTime' };

/** TenantScope's selectAll(), as written there (it is not exported). */
const selectAllSql = new WeakMap<TenantTable, SQL>();
function selectAll(table: TenantTable): SQL {
  let fragment = selectAllSql.get(table);
  if (!fragment) {
    const columns = Object.values(getTableColumns(table)).map((c) => `"${(c as SQLiteColumn).name}"`);
    fragment = sql.raw(`${columns.join(', ')} FROM "${getTableName(table)}"`);
    selectAllSql.set(table, fragment);
  }
  return fragment;
}

export interface ListQuery {
  limit: number;
  sort: string;
  cursor?: string | undefined;
}

/** listRecords(ctx, contactSpec, query) for a query without filters, the knobs deciding each step. */
export async function listContacts(ctx: RequestContext, query: ListQuery, knobs: ListKnobs) {
  if (knobs.columns === 'hand-built' && knobs.rows === 'drizzle') throw new Error("drizzle's row mapping needs its own select()");
  const { scope } = ctx;
  const table = contacts;
  const { key, direction } = parseSort<keyof typeof contactSpec.sorts>(query.sort);
  const column = contactSpec.sorts[key];
  const where = and(isNull(table.deletedAt), ...contactSpec.filters(ctx, query));
  const sort = { key, column, direction };
  const orderSql = direction === 'asc' ? sql`${column} ASC, ${table.id} ASC` : sql`${column} DESC, ${table.id} DESC`;
  const orderBy = direction === 'asc' ? [asc(column), asc(table.id)] : [desc(column), desc(table.id)];
  const sortField = columnKey(table, column);
  const page = await paginate<ContactRow>({
    list: sortCursorName(sort),
    limit: query.limit,
    cursor: query.cursor,
    rows: async (after, take) => {
      const all = scope.where(table, where, after ? afterCursor(sort, table.id, after) : undefined);
      const limit = knobs.limit === 'rounded literal' ? limitAtLeast(take) : take;
      if (knobs.columns === 'hand-built') {
        const rows = await scope.query.values(sql`SELECT ${selectAll(table)} WHERE ${all} ORDER BY ${orderSql} LIMIT ${limit}`);
        return rows.map(rowDecoder(table)) as ContactRow[];
      }
      // drizzle's builder: .limit() takes a number (bound) or, at run time, any SQL (written in).
      const select = scope.query
        .select()
        .from(table)
        .where(all)
        .orderBy(...orderBy)
        .limit(limit as number);
      if (knobs.rows === 'drizzle') return select.all();
      return (await select.values()).map(rowDecoder(table)) as ContactRow[];
    },
    position: (row) => ({ value: (row as Record<string, unknown>)[sortField], id: row.id }),
    total: async () =>
      knobs.total === 'cached'
        ? cachedTotal(scope, sql`SELECT count(*) AS n FROM ${table} WHERE ${scope.where(table, where)}`)
        : (await scope.query.select({ n: count() }).from(table).where(scope.where(table, where)).get())!.n,
  });
  const spec = knobs.time === 'isoTime' ? contactSpec : { ...contactSpec, toDto: plainContactDto };
  return { ...page, data: await dtosOf(spec, page.data, scope) };
}

// ---------------------------------------------------------------------------------------------
// One record: getRecord(ctx, contactSpec, id) → getLive → TenantScope.find, with the by-id
// statement TenantScope spells once per table (selectAll + rowDecoder), or drizzle's own.

export type GetStatement = 'drizzle prepare()' | 'drizzle builder';

/** getRecord(ctx, contactSpec, id) with drizzle's select() instead of TenantScope.find's spelled-once statement and decoder. */
export function drizzleGetContact(ctx: RequestContext, statement: GetStatement): (id: string) => Promise<ContactDto> {
  const { scope } = ctx;
  const byId = scope.query
    .select()
    .from(contacts)
    .where(and(eq(contacts.tenantId, sql.placeholder('tenantId')), eq(contacts.id, sql.placeholder('id'))))
    .prepare();
  return async (id) => {
    const row =
      statement === 'drizzle prepare()'
        ? await byId.get({ tenantId: scope.tenantId, id })
        : await scope.query
            .select()
            .from(contacts)
            .where(scope.where(contacts, eq(contacts.id, id)))
            .get();
    if (!row || row.deletedAt !== null) throw notFound(contactSpec.label);
    return toContactDto(row);
  };
}

/** getRecord(ctx, contactSpec, id) with Date#toISOString in the DTO. */
export async function getContactPlainTime(ctx: RequestContext, id: string): Promise<ContactDto> {
  return plainContactDto(await getLive(ctx.scope, contacts, id, contactSpec.label));
}
