import { and, eq, getTableColumns, getTableName, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { DataLayer, Database } from './data-layer';
import type { Printed } from './store';
import { auditLog } from '../db/schema';
import type { Role } from '../lib/roles';
import type { Clock } from '../../platform/clock';
import { notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import { columnKey } from '../db/column-key';
import { limitAtLeast } from '../db/limit-at-least';
import { UntilChangedCache } from './change-cache';
import { rowDecoder } from './row-decoder';
import { afterCursor, keysetOrder, paginate, sortCursorName, type Page, type SortSpec } from '../../platform/pagination';

/** Counts per statement and parameters, kept until the data changes. */
const totals = new UntilChangedCache<number>(2_000);

/** A table owned by a tenant: it has the tenant_id and id columns the scope filters on. */
export type TenantTable = SQLiteTable & { tenantId: SQLiteColumn; id: SQLiteColumn };
type Row<T extends TenantTable> = T['$inferSelect'];
type Managed = 'tenantId' | 'id' | 'createdAt' | 'updatedAt';
export type NewRow<T extends TenantTable> = Omit<T['$inferInsert'], Managed>;
export type RowPatch<T extends TenantTable> = Partial<NewRow<T>>;

export interface Actor {
  type: 'user' | 'api_key' | 'operator' | 'system';
  id: string | null;
  role: Role;
}

/** Columns whose values never enter the audit log. */
const SECRET_FIELDS = new Set(['passwordHash', 'secretHash']);

export interface ListQuery {
  where?: SQL | undefined;
  sort: SortSpec;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The tenant-scoped data layer: the one place a tenant filter is written.
 * Services receive a scope bound to the caller's tenant and reach
 * tenant-owned tables only through it, so a query for another tenant's row
 * simply finds nothing. Every write through it leaves an audit entry in the
 * same transaction.
 */
export class TenantScope {
  /** drizzle for this tenant's statements: for the few queries a helper cannot express (joins, aggregates); pass `where()` into them. */
  readonly query: Database;

  constructor(
    readonly data: DataLayer,
    readonly tenantId: string,
    readonly actor: Actor,
    readonly requestId: string | undefined,
    readonly clock: Clock,
  ) {
    this.query = data.db({ tenantId });
  }

  /** The tenant condition plus the caller's own: services build every WHERE with it. */
  where(table: TenantTable, ...conditions: (SQL | undefined)[]): SQL {
    return and(eq(table.tenantId, this.tenantId), ...conditions)!;
  }

  /** Runs fn in one transaction: everything it does through this tenant's data layer is part of it. */
  transaction<R>(fn: (scope: TenantScope) => Promise<R>): Promise<R> {
    return this.data.transaction({ tenantId: this.tenantId }, () => fn(this));
  }

  /** Runs fn on one consistent view of the data (several reads that must agree). */
  read<R>(fn: (scope: TenantScope) => Promise<R>): Promise<R> {
    return this.data.read({ tenantId: this.tenantId }, () => fn(this));
  }

  async find<T extends TenantTable>(table: T, id: string, ...conditions: (SQL | undefined)[]): Promise<Row<T> | undefined> {
    const [row] = conditions.every((c) => c === undefined)
      ? await this.data.values({ tenantId: this.tenantId }, byIdQuery(this.data, table), { tenantId: this.tenantId, id })
      : await this.query.values(sql`SELECT ${selectAll(table)} WHERE ${this.where(table, eq(table.id, id), ...conditions)}`);
    return row ? (rowDecoder(table)(row) as Row<T>) : undefined;
  }

  /** Fetch or 404: another tenant's id and a missing id look exactly the same. */
  async get<T extends TenantTable>(table: T, id: string, label: string, ...conditions: (SQL | undefined)[]): Promise<Row<T>> {
    const row = await this.find(table, id, ...conditions);
    if (!row) throw notFound(label);
    return row;
  }

  /** Rows of the tenant's table that meet the conditions (remembered until the data changes: a list's total on every page). */
  count(table: TenantTable, ...conditions: (SQL | undefined)[]): Promise<number> {
    return cachedTotal(this, sql`SELECT count(*) AS n FROM ${table} WHERE ${this.where(table, ...conditions)}`);
  }

  list<T extends TenantTable>(table: T, query: ListQuery): Promise<Page<Row<T>>> {
    const { sort } = query;
    const order = keysetOrder(sort, table.id);
    const sortField = columnKey(table, sort.column);
    return paginate({
      list: sortCursorName(sort),
      limit: query.limit,
      cursor: query.cursor,
      rows: async (after, take) => {
        const where = this.where(table, query.where, after ? afterCursor(sort, table.id, after) : undefined);
        const rows = await this.query.values(sql`SELECT ${selectAll(table)} WHERE ${where} ORDER BY ${order} LIMIT ${limitAtLeast(take)}`);
        return rows.map(rowDecoder(table)) as Row<T>[];
      },
      position: (row) => ({ value: (row as Record<string, unknown>)[sortField], id: String((row as Record<string, unknown>).id) }),
      total: () => this.count(table, query.where),
    });
  }

  insert<T extends TenantTable>(table: T, idPrefix: string, values: NewRow<T>): Promise<Row<T>> {
    const now = this.clock.now();
    const row = { ...values, tenantId: this.tenantId, id: newId(idPrefix, now.getTime()), createdAt: now, updatedAt: now };
    return this.transaction(async () => {
      const inserted = (await this.query
        .insert(table as SQLiteTable)
        .values(row as never)
        .returning()
        .get()) as Row<T>;
      await this.writeAudit('create', table, row.id, redact(inserted as Record<string, unknown>));
      return inserted;
    });
  }

  /** Applies the patch and audits the fields that actually changed; a no-op patch writes nothing. */
  update<T extends TenantTable>(table: T, id: string, label: string, patch: RowPatch<T>, action = 'update'): Promise<Row<T>> {
    return this.transaction(async () => {
      const before = (await this.get(table, id, label)) as Record<string, unknown>;
      const changes = diff(before, patch as Record<string, unknown>);
      if (Object.keys(changes).length === 0) return before as Row<T>;
      const after = (await this.query
        .update(table as SQLiteTable)
        .set({ ...patch, updatedAt: this.clock.now() } as never)
        .where(this.where(table, eq(table.id, id)))
        .returning()
        .get()) as Row<T>;
      await this.writeAudit(action, table, id, changes);
      return after;
    });
  }

  delete(table: TenantTable, id: string, label: string): Promise<void> {
    return this.transaction(async () => {
      const changes = await this.query
        .delete(table as SQLiteTable)
        .where(this.where(table, eq(table.id, id)))
        .run();
      if (changes === 0) throw notFound(label);
      await this.writeAudit('delete', table, id, null);
    });
  }

  /** An audit entry for an event that is not a plain row change (sign-in, key revoked, …). */
  async audit(action: string, entity: string, entityId: string, changes: Record<string, unknown> | null = null): Promise<void> {
    await this.query.insert(auditLog).values(this.auditRow(action, entity, entityId, changes)).run();
  }

  private writeAudit(action: string, table: TenantTable, entityId: string, changes: Record<string, unknown> | null) {
    return this.audit(action, getTableName(table), entityId, changes);
  }

  /** The audit row this scope writes for an action (bulk writers insert many at once). */
  auditRow(action: string, entity: string, entityId: string, changes: Record<string, unknown> | null) {
    const at = this.clock.now();
    return {
      tenantId: this.tenantId,
      id: newId('aud', at.getTime()),
      at,
      actorType: this.actor.type,
      actorId: this.actor.id,
      action,
      entity,
      entityId,
      changes,
      requestId: this.requestId ?? null,
    };
  }
}

/**
 * The `n` a counting query returns, remembered until the data changes. The query is taken as
 * written, so it must filter by the scope's tenant itself: for the data layer's own counts
 * (scope.count, the timeline's), and a lint rule keeps it out of server/modules.
 */
export function cachedTotal(scope: TenantScope, counting: SQL): Promise<number> {
  // Spelled once: its text and parameters are the cache key, and the same spelling runs on a miss.
  const printed = scope.data.spell(counting);
  return totals.get(scope.data, `${printed.sql}\u0000${JSON.stringify(printed.params)}`, async () => {
    const [row] = await scope.data.values({ tenantId: scope.tenantId }, printed, {});
    return Number(row![0]);
  });
}

/**
 * Fetch-by-id is the most common query there is: its statement is spelled once per table and
 * tenant database (bench/store.bench.ts: building and printing it each time cost more than
 * running it).
 */
const byIdQueries = new WeakMap<DataLayer, Map<TenantTable, Printed>>();
function byIdQuery(data: DataLayer, table: TenantTable): Printed {
  let perTable = byIdQueries.get(data);
  if (!perTable) byIdQueries.set(data, (perTable = new Map()));
  let query = perTable.get(table);
  if (!query) {
    const where = and(eq(table.tenantId, sql.placeholder('tenantId')), eq(table.id, sql.placeholder('id')));
    query = data.spell(sql`SELECT ${selectAll(table)} WHERE ${where}`);
    perTable.set(table, query);
  }
  return query;
}

/**
 * `SELECT <every column in declared order> FROM <table>`, written once per table: drizzle's
 * select builder spelling out the same column list cost about 12% of a 50-row list's CPU
 * (bench/speed-ups.bench.ts).
 */
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

function comparable(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
}

function diff(before: Record<string, unknown>, patch: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    if (to === undefined) continue;
    const from = before[key];
    if (comparable(from) === comparable(to)) continue;
    changes[key] = SECRET_FIELDS.has(key) ? { from: '[redacted]', to: '[redacted]' } : { from: from ?? null, to };
  }
  return changes;
}

/** A created row as the audit log records it: no tenant id, secrets redacted. */
export function redact(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) {
    if (key === 'tenantId') continue;
    out[key] = SECRET_FIELDS.has(key) ? '[redacted]' : value;
  }
  return out;
}
