import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { AppError } from '../lib/errors';

/** The one way to paginate: keyset on (sort column, id), so pages stay stable while rows are inserted. */
export interface SortSpec {
  /** The public name, e.g. "createdAt"; it is bound into the cursor. */
  key: string;
  column: SQLiteColumn;
  direction: 'asc' | 'desc';
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total: number;
}

type CursorValue = string | number;

export function encodeCursor(sortKey: string, value: unknown, id: string): string {
  const v: CursorValue = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : String(value ?? '');
  return Buffer.from(JSON.stringify([sortKey, v, id])).toString('base64url');
}

export function decodeCursor(cursor: string, sortKey: string): { value: CursorValue; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      parsed[0] === sortKey &&
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

/** Rows after the cursor in (column, id) order. Raw values bypass drizzle's mapping: cursors hold driver values. */
export function afterCursor(sort: SortSpec, idColumn: SQLiteColumn, cursor: { value: CursorValue; id: string }): SQL {
  return sort.direction === 'asc'
    ? sql`(${sort.column} > ${cursor.value} OR (${sort.column} = ${cursor.value} AND ${idColumn} > ${cursor.id}))`
    : sql`(${sort.column} < ${cursor.value} OR (${sort.column} = ${cursor.value} AND ${idColumn} < ${cursor.id}))`;
}
