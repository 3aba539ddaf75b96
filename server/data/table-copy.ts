import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, type Column } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { getTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import type pg from 'pg';
import type { Db } from '../db/client';
import { INSTANCE_SETTING } from '../db/row-level-security';
import { PG_TABLES, SQLITE_TABLES } from '../db/schema-pg';
import type { SearchedRecord } from '../db/search-index-definition';
import { postgresSearchBulkLoad } from '../db/search-index-postgres';

/*
 * Whole tables read from and written to either engine, for moving an instance between SQLite and
 * PostgreSQL (`trasealla db copy`). Rows travel as the application's values (Date, boolean,
 * objects), decoded and encoded by each engine's own drizzle columns, so a timestamp is the same
 * instant on both sides whatever each stores. Each table's checksum is the sum of its rows'
 * hashes, so it does not depend on the order either engine returns them in.
 */

export type Row = Record<string, unknown>;

/** Every table of the one schema, each after the tables its foreign keys point at. */
export function tablesInDependencyOrder(): SQLiteTable[] {
  const all = SQLITE_TABLES;
  const byName = new Map(all.map((t) => [getTableName(t), t]));
  const ordered: SQLiteTable[] = [];
  const placed = new Set<string>();
  const place = (table: SQLiteTable, path: string[]) => {
    const name = getTableName(table);
    if (placed.has(name)) return;
    if (path.includes(name)) throw new Error(`foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    for (const fk of getTableConfig(table).foreignKeys) {
      const target = getTableName(fk.reference().foreignTable);
      if (target !== name) place(byName.get(target)!, [...path, name]);
    }
    placed.add(name);
    ordered.push(table);
  };
  for (const table of all) place(table, []);
  return ordered;
}

const primaryKeyColumns = (table: SQLiteTable): string[] => {
  const config = getTableConfig(table);
  const composite = config.primaryKeys[0]?.columns.map((c) => c.name);
  return composite ?? config.columns.filter((c) => c.primary).map((c) => c.name);
};

/** A value as the checksum sees it: instants as milliseconds, objects with their keys sorted (jsonb reorders them). */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Row)[k])]),
    );
  return value;
}

/** Order-independent: the row count and the sum, modulo 2^64, of each row's SHA-256 prefix. */
export class TableChecksum {
  private sum = 0n;
  rows = 0;
  add(row: Row): void {
    const digest = createHash('sha256').update(JSON.stringify(canonical(row))).digest();
    this.sum = (this.sum + digest.readBigUInt64BE(0)) & 0xffff_ffff_ffff_ffffn;
    this.rows += 1;
  }
  get value(): string {
    return `${this.rows}:${this.sum.toString(16).padStart(16, '0')}`;
  }
}

/** The side of a copy: read a table a page at a time, write pages, count. */
export interface TableStore {
  readonly engine: 'sqlite' | 'postgres';
  count(table: SQLiteTable): Promise<number>;
  pages(table: SQLiteTable, size: number): AsyncGenerator<Row[]>;
  /** Writes every page of every table inside one transaction (all or nothing). */
  writeAll(fill: (write: (table: SQLiteTable, rows: Row[]) => Promise<void>) => Promise<void>): Promise<void>;
}

/** Decodes a row of driver values (by column name) into the application's values (by property). */
function decoder(columns: Record<string, Column>): (raw: Row) => Row {
  const entries = Object.entries(columns);
  return (raw) => {
    const row: Row = {};
    for (const [key, column] of entries) {
      const value = raw[column.name];
      row[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return row;
  };
}

export function sqliteTableStore(db: Db, sqlite: Database.Database): TableStore {
  return {
    engine: 'sqlite',
    count: async (table) => (sqlite.prepare(`SELECT count(*) AS n FROM "${getTableName(table)}"`).get() as { n: number }).n,
    async *pages(table, size) {
      const decode = decoder(getTableColumns(table));
      const order = primaryKeyColumns(table)
        .map((c) => `"${c}"`)
        .join(', ');
      let page: Row[] = [];
      for (const raw of sqlite.prepare(`SELECT * FROM "${getTableName(table)}" ORDER BY ${order}`).iterate() as Iterable<Row>) {
        page.push(decode(raw));
        if (page.length === size) {
          yield page;
          page = [];
        }
      }
      if (page.length > 0) yield page;
    },
    async writeAll(fill) {
      sqlite.exec('BEGIN IMMEDIATE');
      try {
        await fill(async (table, rows) => {
          // Statements of at most 100 rows stay far below SQLite's parameter limit.
          for (let i = 0; i < rows.length; i += 100)
            db.insert(table)
              .values(rows.slice(i, i + 100) as never)
              .run();
        });
        sqlite.exec('COMMIT');
      } catch (error) {
        sqlite.exec('ROLLBACK');
        throw error;
      }
    },
  };
}

/** `searched`: the searched record types, whose index a bulk write builds once at the end. */
export function postgresTableStore(client: pg.ClientBase, searched: readonly SearchedRecord[]): TableStore {
  const db = drizzlePg({ client: client as pg.Client });
  const pgTable = (table: SQLiteTable) => PG_TABLES.get(getTableName(table))!;
  // Reads see every tenant's rows: copying the instance is instance-level work.
  const instance = `SELECT set_config('${INSTANCE_SETTING}', 'on', false)`;
  return {
    engine: 'postgres',
    async count(table) {
      await client.query(instance);
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${getTableName(table)}"`);
      return Number(rows[0]!.n);
    },
    async *pages(table, size) {
      await client.query(instance);
      const decode = decoder(getTableColumns(pgTable(table)) as Record<string, Column>);
      const key = primaryKeyColumns(table);
      // Keyset pages along the primary key's index (its collation for both the order and the
      // comparison; the checksum does not depend on the order, so it need not match SQLite's).
      const keyList = key.map((c) => `"${c}"`).join(', ');
      const next = `WHERE (${keyList}) > (${key.map((_, i) => `$${i + 1}`).join(', ')})`;
      let after: unknown[] | null = null;
      for (;;) {
        const result: pg.QueryResult<Row> = await client.query<Row>(
          `SELECT * FROM "${getTableName(table)}" ${after ? next : ''} ORDER BY ${keyList} LIMIT ${size}`,
          after ?? [],
        );
        const rows: Row[] = result.rows;
        if (rows.length === 0) return;
        yield rows.map(decode);
        const last: Row = rows[rows.length - 1]!;
        after = key.map((c): unknown => last[c]);
        if (rows.length < size) return;
      }
    },
    async writeAll(fill) {
      // The search index is built once at the end rather than by a trigger per row: a copy of
      // 100,000 contacts took 61 s with the triggers on (bench/db-copy.bench.ts).
      const search = postgresSearchBulkLoad(searched);
      await client.query('BEGIN');
      try {
        await client.query(`SELECT set_config('${INSTANCE_SETTING}', 'on', true)`);
        for (const statement of search.before) await client.query(statement);
        await fill(async (table, rows) => {
          if (rows.length > 0) await db.insert(pgTable(table)).values(rows);
        });
        for (const statement of search.after) await client.query(statement);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
  };
}
