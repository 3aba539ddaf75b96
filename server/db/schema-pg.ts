import { getTableName, is, SQL, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  foreignKey,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type PgColumnBuilderBase,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import { getTableConfig, SQLiteTable, type SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { columnKey } from './column-key';
import * as platformSchema from './schema';
import * as crmSchema from './schema-crm';

/*
 * The PostgreSQL schema, derived from the one schema (schema.ts and schema-crm.ts): every table,
 * column, primary key, composite foreign key and (partial) index of the SQLite tables, in
 * PostgreSQL's own types. Times are timestamptz (milliseconds, as the SQLite columns keep them),
 * flags are boolean, JSON is jsonb, whole numbers are bigint (money in minor units passes 2^31).
 * drizzle-kit generates server/db/migrations-pg from this module (drizzle-pg.config.ts), and
 * test/server/postgres-schema.test.ts checks a migrated PostgreSQL database against SQLite's.
 */

type AnyPgTable = PgTableWithColumns<any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- built at run time from the SQLite tables

function pgColumn(column: SQLiteColumn): PgColumnBuilderBase {
  const kind = column.columnType;
  const enumValues = column.enumValues as [string, ...string[]] | undefined;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the builders' types differ per kind; the column is assembled step by step
  let built: any =
    kind === 'SQLiteTimestamp'
      ? timestamp(column.name, { withTimezone: true, mode: 'date', precision: 3 })
      : kind === 'SQLiteBoolean'
        ? boolean(column.name)
        : kind === 'SQLiteTextJson'
          ? jsonb(column.name)
          : kind === 'SQLiteInteger'
            ? bigint(column.name, { mode: 'number' })
            : kind === 'SQLiteText'
              ? text(column.name, enumValues?.length ? { enum: enumValues } : {})
              : null;
  if (built === null) throw new Error(`no PostgreSQL type for ${column.name} (${kind})`);
  if (column.notNull) built = built.notNull();
  if (column.primary) built = built.primaryKey();
  if (column.hasDefault && column.default !== undefined) {
    // SQL defaults are SQLite's own (unixepoch() * 1000): a time column's becomes now().
    built = built.default(is(column.default, SQL) ? (kind === 'SQLiteTimestamp' ? sql`now()` : column.default) : column.default);
  }
  return built;
}

/** The PostgreSQL table with the same name, columns, keys and indexes as a SQLite one. */
export function pgMirror(table: SQLiteTable): AnyPgTable {
  const config = getTableConfig(table);
  const columns = Object.fromEntries(config.columns.map((c) => [columnKey(table, c), pgColumn(c)]));
  return pgTable(config.name, columns, (t) => {
    const col = (c: SQLiteColumn) => (t as Record<string, never>)[columnKey(table, c)]!;
    return [
      ...config.primaryKeys.map((pk) => primaryKey({ columns: pk.columns.map(col) as [never, ...never[]] })),
      ...config.foreignKeys.map((fk) => {
        const ref = fk.reference();
        const target = PG_TABLES.get(getTableName(ref.foreignTable));
        if (!target) throw new Error(`${config.name} refers to ${getTableName(ref.foreignTable)}, which has no PostgreSQL table`);
        const targetColumns = ref.foreignColumns.map((c) => target[columnKey(ref.foreignTable, c)] as never);
        return foreignKey({ columns: ref.columns.map(col) as [never, ...never[]], foreignColumns: targetColumns as [never, ...never[]] });
      }),
      ...config.indexes.map((ix) => {
        const { name, columns: on, unique, where } = ix.config;
        const built = (unique ? uniqueIndex(name) : index(name)).on(...(on.map((c) => col(c as SQLiteColumn)) as [never, ...never[]]));
        return where ? built.where(where) : built;
      }),
    ];
  });
}

/** Every table of the one schema (SQLite's), as declared. */
export const SQLITE_TABLES = ([...Object.values(platformSchema), ...Object.values(crmSchema)] as unknown[]).filter(
  (value): value is SQLiteTable => is(value, SQLiteTable),
);

/** PostgreSQL tables by name. Foreign keys are resolved when drizzle reads a table's config, once all exist. */
export const PG_TABLES = new Map<string, AnyPgTable>();
for (const table of SQLITE_TABLES) PG_TABLES.set(getTableName(table), pgMirror(table));

/** Every PostgreSQL table by name: what scripts/generate-pg-migration.ts hands drizzle-kit. */
export const pgSchema: Record<string, AnyPgTable> = Object.fromEntries(PG_TABLES);
