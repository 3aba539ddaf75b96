import { inArray, isNull } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { DuplicateMatch } from './record-transfer';
import type { CrmTable } from './record-kit';

/*
 * Helpers for a record type's duplicate match (import): keys are strings like
 * "e:ana@example.com", a letter naming what the key is made of, so one map can
 * hold several kinds of key.
 */

export const lowerCell = (s: string | undefined) => (s === undefined ? undefined : s.trim().toLowerCase());

/** The values of the keys that start with this prefix. */
export const keysWithPrefix = (keys: string[], prefix: string) =>
  keys.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));

/** Rows by each of their keys; the first row with a key keeps it. */
export function byKeys<T extends Record<string, unknown>>(rows: T[], keyOf: (row: T) => (string | null)[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const row of rows) for (const k of keyOf(row)) if (k && !out.has(k)) out.set(k, row);
  return out;
}

/** A row is a record the tenant has when a live one has its email (stored lower-cased). */
export function sameEmail(table: CrmTable & { email: SQLiteColumn }): DuplicateMatch {
  return {
    keys: (raw) => (raw.email ? [`e:${lowerCell(raw.email)}`] : []),
    existing: async (scope, keys) => {
      const emails = keysWithPrefix(keys, 'e:');
      if (emails.length === 0) return new Map();
      const rows = (await scope.query
        .select()
        .from(table)
        .where(scope.where(table, isNull(table.deletedAt), inArray(table.email, emails)))
        .all()) as Record<string, unknown>[];
      return byKeys(rows, (r) => [typeof r.email === 'string' ? `e:${r.email}` : null]);
    },
  };
}
