import { Param, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { AppError } from './errors';

/*
 * The one way to paginate, for every list of both apps: keyset on (sort value, id), so pages stay
 * stable while rows are inserted, and every list answers `{ data, nextCursor, total }`.
 */

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total: number;
}

/** A sortable column: `key` is its public name (e.g. "createdAt"). */
export interface SortSpec {
  key: string;
  column: SQLiteColumn;
  direction: 'asc' | 'desc';
}

/** Where a cursor points: the sort value (null for a row without one, in a nullable column) and id of the last row of the page before. */
export interface CursorPosition {
  value: string | number | null;
  id: string;
}

/** The cursor after a row. `list` names the list and order it belongs to; a cursor is refused anywhere else. */
export function encodeCursor(list: string, value: unknown, id: string): string {
  const v: CursorPosition['value'] =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : value === null || value === undefined
          ? null
          : String(value);
  return Buffer.from(JSON.stringify([list, v, id])).toString('base64url');
}

export function decodeCursor(cursor: string, list: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === list &&
      (typeof parsed[1] === 'string' || typeof parsed[1] === 'number' || parsed[1] === null) &&
      typeof parsed[2] === 'string'
    ) {
      return { value: parsed[1], id: parsed[2] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError(400, 'VALIDATION_FAILED', 'The cursor is not valid for this list and sort order. Start again without a cursor.', {
    fields: [{ path: 'cursor', message: 'Invalid cursor' }],
  });
}

/** The cursor name of a sort order: cursors of one order are refused by another. */
export const sortCursorName = (sort: Pick<SortSpec, 'key' | 'direction'>) => `${sort.key}:${sort.direction}`;

/**
 * A value already in the column's stored form (a time's milliseconds, as cursors hold it), bound
 * as that column's: the engine still knows what it is (PostgreSQL turns milliseconds into a time).
 */
export function storedValue(column: SQLiteColumn, value: string | number): Param {
  return new Param(value, { mapToDriverValue: (v: unknown) => v, columnType: column.columnType } as never);
}

/**
 * A nullable sort column orders its empty values as if they were the largest (PostgreSQL's own
 * default, spelled out so SQLite, which puts them first, agrees): after every value ascending,
 * before every value descending. Its cursor may then point at a row without a value.
 */
const nullable = (sort: SortSpec) => !sort.column.notNull;

/** ORDER BY (column, id) in the sort's direction, the order afterCursor() continues. */
export function keysetOrder(sort: SortSpec, idColumn: SQLiteColumn): SQL {
  if (sort.direction === 'asc')
    return nullable(sort) ? sql`${sort.column} ASC NULLS LAST, ${idColumn} ASC` : sql`${sort.column} ASC, ${idColumn} ASC`;
  return nullable(sort) ? sql`${sort.column} DESC NULLS FIRST, ${idColumn} DESC` : sql`${sort.column} DESC, ${idColumn} DESC`;
}

/** Rows after the cursor in keysetOrder(sort, idColumn). */
export function afterCursor(sort: SortSpec, idColumn: SQLiteColumn, cursor: CursorPosition): SQL {
  const { column } = sort;
  if (cursor.value === null) {
    // Only a nullable column's empty rows have no value: the rest of them, then (descending) every row with one.
    return sort.direction === 'asc'
      ? sql`(${column} IS NULL AND ${idColumn} > ${cursor.id})`
      : sql`((${column} IS NULL AND ${idColumn} < ${cursor.id}) OR ${column} IS NOT NULL)`;
  }
  const value = storedValue(column, cursor.value);
  if (sort.direction === 'asc') {
    const after = sql`${column} > ${value} OR (${column} = ${value} AND ${idColumn} > ${cursor.id})`;
    return nullable(sort) ? sql`(${after} OR ${column} IS NULL)` : sql`(${after})`;
  }
  return sql`(${column} < ${value} OR (${column} = ${value} AND ${idColumn} < ${cursor.id}))`;
}

export interface PageRequest<Row, Item> {
  /** The list and order cursors are bound to (sortCursorName(sort) for a sortable list). */
  list: string;
  limit: number;
  cursor?: string | undefined;
  /** Up to `take` rows in list order, after `after` when given. */
  rows: (after: CursorPosition | undefined, take: number) => Row[] | Promise<Row[]>;
  /** A row's place in the order: its sort value and id. */
  position: (row: Row) => { value: unknown; id: string };
  /** How many rows the whole list has, cursor aside. */
  total: () => number | Promise<number>;
  /** Turns a row of the page into what the list answers (the row itself when absent). */
  map?: (row: Row) => Item;
}

/** One page of a list: reads one row past the limit to know whether another page follows. */
export async function paginate<Row, Item = Row>(request: PageRequest<Row, Item>): Promise<Page<Item>> {
  const { limit } = request;
  const after = request.cursor ? decodeCursor(request.cursor, request.list) : undefined;
  const rows = await request.rows(after, limit + 1);
  const hasMore = rows.length > limit;
  const page = hasMore ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  let nextCursor: string | null = null;
  if (hasMore && last !== undefined) {
    const { value, id } = request.position(last);
    nextCursor = encodeCursor(request.list, value, id);
  }
  const { map } = request;
  const data = map ? page.map((row) => map(row)) : (page as unknown as Item[]);
  return { data, nextCursor, total: await request.total() };
}
