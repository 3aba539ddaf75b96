import { and, asc, getTableColumns, getTableName, gt, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { auditLog } from '../db/schema';
import { tenantCounters } from '../db/schema-crm';
import { newId } from '../../platform/ids';
import { postgresValue } from './postgres-spelling';
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

type Column = SQLiteColumn & { mapToDriverValue(value: unknown): unknown };
type Engine = 'sqlite' | 'postgres';

/** Rows per INSERT statement: many rows per statement is several times faster than one, and stays far below SQLite's 32,766 parameters. */
const ROWS_PER_STATEMENT = 100;

/** INSERT statements by engine, table and row count, spelled once (drizzle's builder spent more time per row than the insert). */
const statements = new Map<string, string>();

function insertText(engine: Engine, table: SQLiteTable, rows: number): string {
  const key = `${engine}:${getTableName(table)}:${rows}`;
  let text = statements.get(key);
  if (!text) {
    const columns = columnsOf(table);
    let n = 0;
    const tuple = () => `(${columns.map(() => (engine === 'sqlite' ? '?' : `$${++n}`)).join(', ')})`;
    text = `INSERT INTO "${getTableName(table)}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES ${Array.from({ length: rows }, tuple).join(', ')}`;
    statements.set(key, text);
  }
  return text;
}

const columnCache = new WeakMap<SQLiteTable, [string, Column][]>();
function columnsOf(table: SQLiteTable): [string, Column][] {
  let columns = columnCache.get(table);
  if (!columns) columnCache.set(table, (columns = Object.entries(getTableColumns(table)) as [string, Column][]));
  return columns;
}

/** Writes rows ROWS_PER_STATEMENT at a time, the remainder one by one, in the caller's unit of work. */
async function writeRows(scope: TenantScope, table: SQLiteTable, rows: Record<string, unknown>[]): Promise<void> {
  const { engine } = scope.data;
  const columns = columnsOf(table);
  const write = (count: number, batch: Record<string, unknown>[]) => {
    const printed = { sql: insertText(engine, table, count), params: batch.flatMap((row) => params(engine, columns, row)) };
    return scope.data.statement({ tenantId: scope.tenantId }, printed, (db) => db.execute(printed));
  };
  let i = 0;
  for (; i + ROWS_PER_STATEMENT <= rows.length; i += ROWS_PER_STATEMENT) await write(ROWS_PER_STATEMENT, rows.slice(i, i + ROWS_PER_STATEMENT));
  for (; i < rows.length; i++) await write(1, [rows[i]!]);
}

/** One row's parameters in column order, mapped the way drizzle maps them (dates to milliseconds, booleans to 0/1, JSON to text); absent columns take their default. */
function params(engine: Engine, columns: [string, Column][], row: Record<string, unknown>): unknown[] {
  return columns.map(([key, column]) => {
    let value = row[key];
    if (value === undefined) value = column.hasDefault && column.default !== undefined ? column.default : null;
    if (value === null) return null;
    const stored = column.mapToDriverValue(value);
    return engine === 'sqlite' ? stored : postgresValue(stored, column.columnType);
  });
}

/**
 * Inserts many records of one table with new ids, in the caller's
 * transaction, and audits each one. Returns the new ids in input order.
 */
export async function insertMany<T extends TenantTable>(
  scope: TenantScope,
  table: T,
  idPrefix: string,
  values: NewRow<T>[],
  options: BulkInsertOptions = {},
): Promise<string[]> {
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
  await writeRows(scope, table as SQLiteTable, rows);
  await writeRows(scope, auditLog, audits);
  return ids;
}

/**
 * Every row of a tenant table matching `where`, a page at a time in id order
 * (keyset: each page starts after the last id of the one before), so a scan
 * of any size holds one page in memory.
 */
export async function* scanPages<T extends TenantTable>(
  scope: TenantScope,
  table: T,
  where: SQL | undefined,
  pageSize = 1000,
): AsyncGenerator<T['$inferSelect'][]> {
  let after: string | undefined;
  for (;;) {
    const page = (await scope.query
      .select()
      .from(table as SQLiteTable)
      .where(scope.where(table, and(where, after === undefined ? undefined : gt(table.id, after))))
      .orderBy(asc(table.id))
      .limit(pageSize)
      .all()) as T['$inferSelect'][];
    if (page.length === 0) return;
    yield page;
    if (page.length < pageSize) return;
    after = String((page[page.length - 1] as { id: string }).id);
  }
}

/** Moves a per-tenant sequence up to at least `value` (after records arrive with their own numbers); never down. */
export async function raiseSequence(scope: TenantScope, name: string, value: number): Promise<void> {
  // max() of two values is SQLite's spelling; PostgreSQL's is greatest().
  const larger = scope.data.engine === 'sqlite' ? sql`max(${tenantCounters.value}, ${value})` : sql`greatest(${tenantCounters.value}, ${value})`;
  await scope.query
    .insert(tenantCounters)
    .values({ tenantId: scope.tenantId, name, value })
    .onConflictDoUpdate({ target: [tenantCounters.tenantId, tenantCounters.name], set: { value: larger } })
    .run();
}
