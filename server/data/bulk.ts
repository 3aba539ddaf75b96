import { and, asc, getTableColumns, getTableName, gt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { auditLog } from '../db/schema';
import { tenantCounters } from '../db/schema-crm';
import { newId } from '../../platform/ids';
import { redact, type NewRow, type TenantScope, type TenantTable } from './tenant-scope';

/*
 * Bulk reads and writes for import and export, still bound to a TenantScope:
 * the tenant id comes from the scope, never from the caller, and every row
 * written leaves its audit entry exactly as scope.insert would (one 'create'
 * entry per record), only many rows per statement instead of one.
 */

export interface BulkInsertOptions {
  /** Keep these timestamps (a whole-tenant import keeps the records' history); default: now. */
  createdAt?: (index: number) => Date | undefined;
  updatedAt?: (index: number) => Date | undefined;
}

type Client = { prepare(sql: string): { run(...params: unknown[]): unknown } };
type Column = SQLiteColumn & { mapToDriverValue(value: unknown): unknown };

/** The better-sqlite3 connection under a drizzle database or transaction: bulk rows skip drizzle's per-row query building. */
const clientOf = (scope: TenantScope) => (scope.query as unknown as { session: { client: Client } }).session.client;

/** Rows per INSERT statement: many rows per statement is several times faster than one, and stays far below SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 100;

type Insert = { run(...params: unknown[]): unknown };
const statements = new WeakMap<Client, Map<string, Insert>>();

function insertStatement(client: Client, table: SQLiteTable, rows: number): Insert {
  let perClient = statements.get(client);
  if (!perClient) statements.set(client, (perClient = new Map()));
  const key = `${getTableName(table)}:${rows}`;
  let statement = perClient.get(key);
  if (!statement) {
    const columns = columnsOf(table);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    statement = client.prepare(`INSERT INTO "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES ${Array(rows).fill(tuple).join(', ')}`);
    perClient.set(key, statement);
  }
  return statement;
}

const columnCache = new WeakMap<SQLiteTable, [string, Column][]>();
function columnsOf(table: SQLiteTable): [string, Column][] {
  let columns = columnCache.get(table);
  if (!columns) columnCache.set(table, (columns = Object.entries(getTableColumns(table)) as [string, Column][]));
  return columns;
}

/** Writes rows ROWS_PER_STATEMENT at a time, the remainder one by one. */
function writeRows(client: Client, table: SQLiteTable, rows: Record<string, unknown>[]): void {
  const columns = columnsOf(table);
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) {
    insertStatement(client, table, ROWS_PER_STATEMENT).run(...rows.slice(i, i + ROWS_PER_STATEMENT).flatMap((row) => params(columns, row)));
  }
  for (; i < rows.length; i++) insertStatement(client, table, 1).run(...params(columns, rows[i]!));
}

/** One row's parameters in column order, mapped the way drizzle maps them (dates to milliseconds, booleans to 0/1, JSON to text); absent columns take their default. */
function params(columns: [string, Column][], row: Record<string, unknown>): unknown[] {
  return columns.map(([key, column]) => {
    let value = row[key];
    if (value === undefined) value = column.hasDefault && column.default !== undefined ? column.default : null;
    return value === null ? null : column.mapToDriverValue(value);
  });
}

/**
 * Inserts many records of one table with new ids, in the caller's
 * transaction, and audits each one. Returns the new ids in input order.
 */
export function insertMany<T extends TenantTable>(scope: TenantScope, table: T, idPrefix: string, values: NewRow<T>[], options: BulkInsertOptions = {}): string[] {
  const now = scope.clock.now();
  const entity = getTableName(table);
  // One audit entry per created record, the same rows scope.insert writes, many per statement.
  const ids: string[] = [];
  const rows: Record<string, unknown>[] = [];
  const audits: Record<string, unknown>[] = [];
  values.forEach((value, i) => {
    const id = newId(idPrefix, now.getTime());
    ids.push(id);
    const createdAt = options.createdAt?.(i) ?? now;
    const row = { ...(value as Record<string, unknown>), tenantId: scope.tenantId, id, createdAt, updatedAt: options.updatedAt?.(i) ?? createdAt };
    rows.push(row);
    audits.push(scope.auditRow('create', entity, id, redact(row)));
  });
  const client = clientOf(scope);
  writeRows(client, table as SQLiteTable, rows);
  writeRows(client, auditLog, audits);
  return ids;
}

/**
 * Every row of a tenant table matching `where`, a page at a time in id order
 * (keyset: each page starts after the last id of the one before), so a scan
 * of any size holds one page in memory.
 */
export function* scanPages<T extends TenantTable>(scope: TenantScope, table: T, where: SQL | undefined, pageSize = 1000): Generator<T['$inferSelect'][]> {
  let after: string | undefined;
  for (;;) {
    const page = scope.query
      .select()
      .from(table as SQLiteTable)
      .where(scope.where(table, and(where, after === undefined ? undefined : gt(table.id, after))))
      .orderBy(asc(table.id))
      .limit(pageSize)
      .all() as T['$inferSelect'][];
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    after = String((page[page.length - 1] as { id: string }).id);
  }
}

/** Moves a per-tenant sequence up to at least `value` (after records arrive with their own numbers); never down. */
export function raiseSequence(scope: TenantScope, name: string, value: number): void {
  scope.query
    .insert(tenantCounters)
    .values({ tenantId: scope.tenantId, name, value })
    .onConflictDoUpdate({ target: [tenantCounters.tenantId, tenantCounters.name], set: { value: sql`max(${tenantCounters.value}, ${value})` } })
    .run();
}
