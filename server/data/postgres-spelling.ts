import { is, Param, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { SQLiteAsyncDialect } from 'drizzle-orm/sqlite-core';
import pg from 'pg';

/*
 * Queries are written once, with drizzle's SQLite builders over the one schema (schema.ts,
 * schema-crm.ts). On PostgreSQL they are printed by PostgreSQL's dialect ($1 placeholders, its
 * quoting), and the values SQLite's columns encoded are turned into what PostgreSQL's columns
 * (schema-pg.ts) take: a time's milliseconds become an ISO timestamp, a flag's 1/0 a boolean.
 * On the way back, the type parsers below give rows the shapes SQLite's driver returns, so the
 * same decoders (drizzle's, row-decoder.ts) read both engines.
 */

const pgDialect = new PgDialect();

/** A value as SQLite's column encoded it, as PostgreSQL's column of the same name takes it. */
export function postgresValue(value: unknown, columnType: string | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (columnType === 'SQLiteTimestamp' && typeof value === 'number') return new Date(value).toISOString();
  if (columnType === 'SQLiteBoolean' && typeof value === 'number') return value !== 0;
  return value;
}

/** SQLite takes `on conflict ("table"."column")`; PostgreSQL wants the bare column names there. */
const CONFLICT_TARGET = /on conflict \(([^)]*)\)/g;
const unqualifiedConflictTarget = (text: string) =>
  text.includes('on conflict (') ? text.replace(CONFLICT_TARGET, (_, target: string) => `on conflict (${target.replace(/"[^"]+"\./g, '')})`) : text;

const columnTypeOf = (param: Param) => (param.encoder as { columnType?: string }).columnType;

export class PostgresSpelling extends SQLiteAsyncDialect {
  override sqlToQuery(query: SQL, invokeSource?: 'indexes' | undefined) {
    const printed = query.toQuery({
      casing: (this as unknown as { casing: never }).casing,
      escapeName: pgDialect.escapeName,
      escapeParam: pgDialect.escapeParam,
      escapeString: pgDialect.escapeString,
      // The column each value was encoded for: the typings run alongside the parameters.
      prepareTyping: (encoder) => ((encoder as { columnType?: string }).columnType ?? 'none') as never,
      invokeSource,
    });
    const typings = printed.typings as string[] | undefined;
    const params = printed.params.map((value, i) => (is(value, Param) ? value : postgresValue(value, typings?.[i])));
    return { sql: unqualifiedConflictTarget(printed.sql), params };
  }

  /** A placeholder's value, filled in when a prepared statement runs (data-layer.ts). */
  encodePlaceholder = (param: Param, value: unknown): unknown =>
    value === null || value === undefined ? null : postgresValue(param.encoder.mapToDriverValue(value), columnTypeOf(param));
}

/*
 * PostgreSQL types returned as SQLite's driver returns them: timestamptz as epoch milliseconds,
 * boolean as 1/0, bigint and numeric as numbers (counts, sums, money in minor units, all far
 * below 2^53), json as its text.
 */
const OID = { bool: 16, int8: 20, json: 114, numeric: 1700, timestamptz: 1184, jsonb: 3802 } as const;
const parseTimestamp = pg.types.getTypeParser(OID.timestamptz);

export const SQLITE_SHAPED_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    switch (oid) {
      case OID.timestamptz:
        return (text: string) => (parseTimestamp(text) as Date).getTime();
      case OID.bool:
        return (text: string) => (text === 't' ? 1 : 0);
      case OID.int8:
      case OID.numeric:
        return (text: string) => Number(text);
      case OID.json:
      case OID.jsonb:
        return (text: string) => text;
      default:
        return pg.types.getTypeParser(oid, format as 'text');
    }
  }) as typeof pg.types.getTypeParser,
};
