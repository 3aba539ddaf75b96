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

/** Where a cursor points: the sort value and id of the last row of the page before. */
export interface CursorPosition {
  value: string | number;
  id: string;
}

/** The cursor after a row. `list` names the list and order it belongs to; a cursor is refused anywhere else. */
export function encodeCursor(list: string, value: unknown, id: string): string {
  const v: CursorPosition['value'] = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : String(value ?? '');
  return Buffer.from(JSON.stringify([list, v, id])).toString('base64url');
}

export function decodeCursor(cursor: string, list: string): CursorPosition {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === list &&
      (typeof parsed[1] === 'string' || typeof parsed[1] === 'number') &&
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

/** Rows after the cursor in (column, id) order. */
export function afterCursor(sort: SortSpec, idColumn: SQLiteColumn, cursor: CursorPosition): SQL {
  const value = storedValue(sort.column, cursor.value);
  return sort.direction === 'asc'
    ? sql`(${sort.column} > ${value} OR (${sort.column} = ${value} AND ${idColumn} > ${cursor.id}))`
    : sql`(${sort.column} < ${value} OR (${sort.column} = ${value} AND ${idColumn} < ${cursor.id}))`;
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
