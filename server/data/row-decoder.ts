import { getTableColumns } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';

/*
 * List pages read rows as plain arrays and decode them here. drizzle's own mapping runs generic
 * checks for every cell; a decoder made once per table converts only the columns that need it
 * (timestamps, booleans, JSON). Worth about 10% of a 50-row list's CPU (bench/speed-ups.bench.ts).
 */
const STORED_AS_IS = new Set(['SQLiteText', 'SQLiteInteger', 'SQLiteReal', 'SQLiteNumeric']);

type Decoder = (values: unknown[]) => Record<string, unknown>;

const decoders = new WeakMap<SQLiteTable, Decoder>();

/** Decodes rows of `select().from(table)` read with `.values()`: the columns come in the table's declared order. */
export function rowDecoder(table: SQLiteTable): Decoder {
  let decode = decoders.get(table);
  if (decode) return decode;
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    convert: STORED_AS_IS.has((column as SQLiteColumn).columnType) ? undefined : (v: unknown) => (column as SQLiteColumn).mapFromDriverValue(v),
  }));
  decode = (values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < columns.length; i++) {
      const { key, convert } = columns[i]!;
      const v = values[i] ?? null;
      row[key] = v === null || !convert ? v : convert(v);
    }
    return row;
  };
  decoders.set(table, decode);
  return decode;
}
