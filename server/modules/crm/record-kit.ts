import { and, eq, gte, inArray, isNotNull, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { NewRow, RowPatch, TenantScope, TenantTable } from '../../data/tenant-scope';
import type { z } from '@hono/zod-openapi';
import { matchesText } from '../../data/search';
import type { SearchIndexing } from '../../db/search-index-definition';
import { columnKey } from '../../db/column-key';
import { users } from '../../db/schema';
import type { RequestContext } from '../../lib/context';
import { forbidden, notFound } from '../../../platform/errors';
import { parseSort } from '../../lib/schemas';
import type { SortSpec } from '../../../platform/pagination';
import type { RecordTransfer } from './record-transfer';
import { scanPages } from '../../data/bulk';

/** A CRM record table: tenant-owned, timestamped, soft-deletable. */
export type CrmTable = TenantTable & { createdAt: SQLiteColumn; updatedAt: SQLiteColumn; deletedAt: SQLiteColumn };
type Row<T extends CrmTable> = T['$inferSelect'];

/**
 * Everything the product knows about one record type: its table, API, search, timeline, import
 * and export. The registry (record-types.ts) lists the definitions; the routes, the OpenAPI
 * document, the search index, the timeline and transfer all read them from there. The type's
 * name (API path, export section, audit entity) is its table's name.
 */
export interface RecordSpec<T extends CrmTable, Dto, CreateInput, UpdateInput, ListFilters> {
  table: T;
  prefix: string;
  label: string;
  /** The OpenAPI tag its routes are grouped under. */
  tag: string;
  schemas: { dto: z.ZodObject; create: z.ZodType; update: z.ZodType; list: z.ZodObject };
  /** Its entry in the full-text index: list `q` and /api/search use it. */
  search?: SearchIndexing;
  /**
   * A history page at /{id}/timeline: its changes from the audit log, the activities and tasks
   * whose `link` column names the record, and those of the record types in `gathers` that point
   * at it by the same column. Without a link, the changes alone.
   */
  timeline?: { link?: string; gathers?: string[] };
  /** Columns `q` matches with LIKE when the record is not in the full-text index. */
  likeColumns?: SQLiteColumn[];
  sorts: Record<string, SQLiteColumn>;
  /**
   * DTO fields read from other records for display (a task's assignee's name): not part of the
   * record itself, so exports and whole-tenant documents leave them out.
   */
  derivedFields?: readonly string[];
  /** A promise when the DTO needs another row (a deal's stage). */
  toDto(row: Row<T>, scope: TenantScope): Dto | Promise<Dto>;
  /** Many rows at once, when a DTO needs other rows (looked up once per page, not once per row). */
  toDtos?(rows: Row<T>[], scope: TenantScope): Promise<Dto[]>;
  /** A promise when a condition needs a lookup (the tenant's time zone for "today"). */
  filters(ctx: RequestContext, filters: ListFilters): (SQL | undefined)[] | Promise<(SQL | undefined)[]>;
  /** Validates references and maps the request to column values. */
  toInsert(ctx: RequestContext, scope: TenantScope, input: CreateInput): Promise<NewRow<T>>;
  toPatch(ctx: RequestContext, scope: TenantScope, input: UpdateInput, existing: Row<T>): Promise<RowPatch<T>>;
  /** Other tables' columns that point at this record: a purge clears them first, a merge (merge.service.ts) points them at the survivor. */
  referencedBy: { table: TenantTable; column: SQLiteColumn }[];
  transfer: RecordTransfer;
  /** POST /{type}/bulk: delete, restore and (when the table has an owner) assign many records at once (bulk.service.ts). */
  bulk?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds specs of every Dto and input type
export type AnyRecordSpec = RecordSpec<CrmTable, any, any, any, any>;

export interface CommonListQuery {
  limit: number;
  cursor?: string | undefined;
  sort: string;
  q?: string | undefined;
  ownerId?: string | undefined;
  /** Only these records (the list's `ids`). */
  ids?: string[] | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  updatedFrom?: string | undefined;
  updatedTo?: string | undefined;
  trash?: boolean | undefined;
  /** The older name of `trash`. */
  deleted?: boolean | undefined;
}

const live = (table: CrmTable) => isNull(table.deletedAt);

/** Fetches a live record of this tenant or answers 404, also for soft-deleted ones. */
export async function getLive<T extends CrmTable>(scope: TenantScope, table: T, id: string, label: string): Promise<Row<T>> {
  // By id alone (a statement built once per table), then the trash check: the hottest lookup there is.
  const row = (await scope.find(table, id)) as (Row<T> & { deletedAt: Date | null }) | undefined;
  if (!row || row.deletedAt !== null) throw notFound(label);
  return row;
}

/** Every id a request names must be a live record of the caller's tenant: another tenant's id is simply not found. */
export async function assertRefs(
  scope: TenantScope,
  refs: { id: string | null | undefined; table: CrmTable | typeof users; label: string }[],
): Promise<void> {
  for (const ref of refs) {
    if (!ref.id) continue;
    if (ref.table === users) {
      await scope.get(users, ref.id, ref.label, eq(users.active, true));
    } else {
      await getLive(scope, ref.table as CrmTable, ref.id, ref.label);
    }
  }
}

/** The trash's order: the most recently deleted first. */
const trashSort = (table: CrmTable): SortSpec => ({ key: 'deletedAt', column: table.deletedAt, direction: 'desc' });

export async function listRecords<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  query: CommonListQuery & F,
) {
  const { table } = spec;
  const page = await ctx.scope.list(table, {
    where: and(...(await listConditions(ctx, spec, query))),
    sort: isTrash(query) ? trashSort(table) : sortOf(spec, query.sort),
    limit: query.limit,
    cursor: query.cursor,
  });
  return { ...page, data: await dtosOf(spec, page.data, ctx.scope) };
}

const isTrash = (query: Pick<CommonListQuery, 'trash' | 'deleted'>) => query.trash === true || query.deleted === true;

function sortOf<T extends CrmTable>(spec: RecordSpec<T, unknown, unknown, unknown, unknown>, sort: string): SortSpec {
  const { key, direction } = parseSort(sort);
  const column = spec.sorts[key];
  if (!column) throw new Error(`unsortable ${key}`);
  return { key, column, direction };
}

/**
 * What a list's query selects, as conditions (the tenant's aside): live records or the trash, the
 * common filters and the type's own. Whatever else counts or sums a list's records (the deal
 * board) takes the same conditions, so it always agrees with the list.
 */
export async function listConditions<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  query: Omit<CommonListQuery, 'limit' | 'cursor' | 'sort'> & F,
  options: ListSelection = {},
): Promise<(SQL | undefined)[]> {
  const { table } = spec;
  const ownerColumn = ownerColumnOf(table);
  return [
    isTrash(query) ? isNotNull(table.deletedAt) : options.withTrash ? undefined : live(table),
    query.ownerId && ownerColumn ? eq(ownerColumn, query.ownerId) : undefined,
    query.ids ? inArray(table.id, query.ids) : undefined,
    query.createdFrom ? gte(table.createdAt, new Date(query.createdFrom)) : undefined,
    query.createdTo ? lte(table.createdAt, new Date(query.createdTo)) : undefined,
    query.updatedFrom ? gte(table.updatedAt, new Date(query.updatedFrom)) : undefined,
    query.updatedTo ? lte(table.updatedAt, new Date(query.updatedTo)) : undefined,
    query.q ? textCondition(ctx.scope, spec, query.q) : undefined,
    ...(await spec.filters(ctx, query)),
  ];
}

export interface ListSelection {
  /** Live records and the trash together (an export's `deleted=true`); the query's `trash` still means the trash alone. */
  withTrash?: boolean;
}

/** The query of a list without its paging: what exports and bulk changes select with. */
export type ListSelectionQuery<F> = Omit<CommonListQuery, 'limit' | 'cursor' | 'sort'> & F & { sort?: string | undefined };

/** The owner column of a type that has one. */
export const ownerColumnOf = (table: CrmTable) => (table as unknown as { ownerId?: SQLiteColumn }).ownerId;

/**
 * Every row a list's query selects, across all its pages, a page at a time: the same conditions as
 * listRecords. In the list's order when `sort` is given (the trash in its own order, as the list
 * shows it), otherwise in id order.
 */
export async function* listedRows<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  query: ListSelectionQuery<F>,
  options: ListSelection & { pageSize?: number } = {},
): AsyncGenerator<Row<T>[]> {
  const { table } = spec;
  const where = and(...(await listConditions(ctx, spec, query, options)));
  const pageSize = options.pageSize ?? 500;
  if (query.sort === undefined) {
    yield* scanPages(ctx.scope, table, where, pageSize);
    return;
  }
  const sort = isTrash(query) ? trashSort(table) : sortOf(spec, query.sort);
  let cursor: string | undefined;
  do {
    const page = await ctx.scope.list(table, { where, sort, limit: pageSize, cursor });
    if (page.data.length > 0) yield page.data;
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}

function textCondition<T extends CrmTable>(
  scope: TenantScope,
  spec: RecordSpec<T, unknown, unknown, unknown, unknown>,
  q: string,
): SQL | undefined {
  if (spec.search) return matchesText(scope, spec.search.kind, spec.table.id, q) ?? isNull(spec.table.id);
  const pattern = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const likes = (spec.likeColumns ?? []).map((c) => likeEscaped(c, pattern));
  return likes.length > 0 ? orAll(likes) : undefined;
}

// Both sides lower-cased by the database: SQLite's LIKE ignores (ASCII) case, PostgreSQL's does not.
const likeEscaped = (column: SQLiteColumn, pattern: string) => sql`lower(${column}) LIKE lower(${pattern}) ESCAPE '\\'`;
const orAll = (conditions: SQL[]) => or(...conditions);

/** Rows as DTOs: through the type's batch mapping when it has one. */
export async function dtosOf<T extends CrmTable, Dto, C, U, F>(
  spec: RecordSpec<T, Dto, C, U, F>,
  rows: Row<T>[],
  scope: TenantScope,
): Promise<Dto[]> {
  if (spec.toDtos) return spec.toDtos(rows, scope);
  const dtos: Dto[] = [];
  for (const row of rows) dtos.push(await spec.toDto(row, scope));
  return dtos;
}

export async function getRecord<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  id: string,
): Promise<Dto> {
  return spec.toDto(await getLive(ctx.scope, spec.table, id, spec.label), ctx.scope);
}

export function createRecord<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  input: C,
): Promise<Dto> {
  return ctx.scope.transaction(async (tx) => spec.toDto(await tx.insert(spec.table, spec.prefix, await spec.toInsert(ctx, tx, input)), tx));
}

export function updateRecord<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  id: string,
  input: U,
): Promise<Dto> {
  return ctx.scope.transaction(async (tx) => {
    const existing = await getLive(tx, spec.table, id, spec.label);
    return spec.toDto(await tx.update(spec.table, id, spec.label, await spec.toPatch(ctx, tx, input, existing)), tx);
  });
}

/** Soft delete: the record leaves lists, search and lookups, and can be restored. */
export async function deleteRecord<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  id: string,
): Promise<void> {
  await ctx.scope.transaction(async (tx) => {
    await getLive(tx, spec.table, id, spec.label);
    await tx.update(spec.table, id, spec.label, { deletedAt: ctx.deps.clock.now() } as RowPatch<T>, 'delete');
  });
}

export function restoreRecord<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  id: string,
): Promise<Dto> {
  return ctx.scope.transaction(async (tx) => {
    await tx.get(spec.table, id, spec.label, isNotNull(spec.table.deletedAt));
    return spec.toDto(await tx.update(spec.table, id, spec.label, { deletedAt: null } as RowPatch<T>, 'restore'), tx);
  });
}

/** Permanent removal, owners only: references to it are cleared, the row is gone, the audit log keeps the fact. */
export async function purgeRecord<T extends CrmTable, Dto, C, U, F>(
  ctx: RequestContext,
  spec: RecordSpec<T, Dto, C, U, F>,
  id: string,
): Promise<void> {
  if (ctx.auth.role !== 'owner') throw forbidden('Only an owner can delete a record permanently.');
  await ctx.scope.transaction(async (tx) => {
    await tx.get(spec.table, id, spec.label);
    for (const ref of spec.referencedBy) {
      await tx.query
        .update(ref.table)
        .set({ [columnKey(ref.table, ref.column)]: null } as never)
        .where(tx.where(ref.table, eq(ref.column, id)))
        .run();
    }
    await tx.delete(spec.table, id, spec.label);
  });
}

/** Money travels as a decimal number and is stored in minor units, so sums never drift. */
export const toCents = (value: number | null | undefined) => (value === null || value === undefined ? value : Math.round(value * 100));
export const fromCents = (cents: number | null) => (cents === null ? null : cents / 100);
