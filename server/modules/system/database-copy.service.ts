import { existsSync, readdirSync } from 'node:fs';
import { getTableName } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase } from '../../db/client';
import { migrate, schemaStatus } from '../../db/migrate';
import { redactedUrl } from '../../db/open-postgres';
import { loadPgMigrations, migratePostgres, postgresSchemaVersion } from '../../db/migrate-pg';
import { postgresTableStore, sqliteTableStore, tablesInDependencyOrder, TableChecksum, type TableStore } from '../../data/table-copy';
import { claimDataDir, DataDirInUseError } from '../../lib/data-dir-lock';
import { databasePath, ensureDataDir } from '../../runtime';
import { KEPT_BY_RESTORE, MaintenanceError, type Progress } from './maintenance.service';
import { SEARCHED_RECORDS } from '../crm/record-types';

/*
 * Moving a whole instance between engines: every table of an instance's database (every tenant,
 * person, record, audit entry, the license state and sequence counters) copied into an empty
 * database of the other engine (or the same), in one transaction, then verified table by table:
 * the same row count and the same checksum of the rows read back from the target. The data
 * directory's other files (instance-secret) stay where they are.
 */

/** A database to copy from or into: a data directory's SQLite file, or a PostgreSQL database. */
export type DatabaseLocation = { engine: 'sqlite'; dataDir: string } | { engine: 'postgres'; url: string };

export const isPostgresUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

/** Where a `--from` or `--to` points: a postgres:// URL, else a data directory. */
export const locationOf = (s: string): DatabaseLocation =>
  isPostgresUrl(s) ? { engine: 'postgres', url: s } : { engine: 'sqlite', dataDir: s };

/** A location as it may be shown: a URL without its password. */
export function describeLocation(location: DatabaseLocation): string {
  if (location.engine === 'sqlite') return `SQLite in ${location.dataDir}`;
  return `PostgreSQL ${redactedUrl(location.url)}`;
}

export interface TableCopied {
  table: string;
  rows: number;
  checksum: string;
}

export interface CopyReport {
  from: string;
  to: string;
  tables: TableCopied[];
  rows: number;
  durationMs: number;
}

export type CopyProblem =
  | { code: 'same_location' }
  | { code: 'source_missing'; location: string }
  | { code: 'source_outdated'; location: string; current: number; latest: number }
  | { code: 'target_not_empty'; location: string; table: string }
  | { code: 'mismatch'; table: string; source: string; target: string };

export class CopyError extends Error {
  constructor(readonly problem: CopyProblem) {
    super(copyMessage(problem));
    this.name = 'CopyError';
  }
}

function copyMessage(p: CopyProblem): string {
  switch (p.code) {
    case 'same_location':
      return 'The source and the target are the same database.';
    case 'source_missing':
      return `There is no database at ${p.location}.`;
    case 'source_outdated':
      return p.current > p.latest
        ? `${p.location} has schema version ${p.current}, written by a newer release than this one (${p.latest}). Use that release.`
        : `${p.location} has schema version ${p.current}; this build writes ${p.latest}. Run "trasealla migrate" on it first.`;
    case 'target_not_empty':
      return `${p.location} is not empty (${p.table} has rows). Copy into an empty database.`;
    case 'mismatch':
      return `${p.table} differs after the copy (source ${p.source}, target ${p.target}); the target was left as written, so look before using it.`;
  }
}

interface Opened {
  store: TableStore;
  close(): Promise<void>;
}

/** Opens a location, the source only as it is (schema at this build's version), a target migrated to it first. */
async function open(location: DatabaseLocation, role: 'source' | 'target'): Promise<Opened> {
  const label = describeLocation(location);
  if (location.engine === 'sqlite') {
    const file = databasePath(location.dataDir);
    if (role === 'source' && !existsSync(file)) throw new CopyError({ code: 'source_missing', location: label });
    if (role === 'target') {
      const occupied = existsSync(location.dataDir) && readdirSync(location.dataDir).some((f) => !KEPT_BY_RESTORE.has(f));
      if (occupied && existsSync(file)) throw new CopyError({ code: 'target_not_empty', location: label, table: 'the data directory' });
      ensureDataDir(location.dataDir);
    }
    let release: () => void;
    try {
      // No server may write the source while it is read, nor start on the target while it is written.
      release = claimDataDir(location.dataDir);
    } catch (err) {
      if (err instanceof DataDirInUseError)
        throw new MaintenanceError({ code: 'data_dir_in_use', dataDir: location.dataDir, pid: err.pid });
      throw err;
    }
    const handle = openDatabase(file);
    try {
      if (role === 'target') await migrate(handle.sqlite);
      const status = schemaStatus(handle.sqlite);
      if (status.current !== status.latest)
        throw new CopyError({ code: 'source_outdated', location: label, current: status.current, latest: status.latest });
    } catch (err) {
      handle.close();
      release();
      throw err;
    }
    return {
      store: sqliteTableStore(handle.db, handle.sqlite),
      close: async () => {
        handle.close();
        release();
      },
    };
  }
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    if (role === 'target') await migratePostgres(client);
    const current = await postgresSchemaVersion(client);
    const latest = loadPgMigrations().length;
    if (role === 'source' && current === 0) throw new CopyError({ code: 'source_missing', location: label });
    if (current !== latest) throw new CopyError({ code: 'source_outdated', location: label, current, latest });
  } catch (err) {
    await client.end();
    throw err;
  }
  return { store: postgresTableStore(client, SEARCHED_RECORDS), close: () => client.end() };
}

const PAGE = 500;

async function checksums(store: TableStore): Promise<Map<string, TableChecksum>> {
  const out = new Map<string, TableChecksum>();
  for (const table of tablesInDependencyOrder()) {
    const sum = new TableChecksum();
    for await (const page of store.pages(table, PAGE)) for (const row of page) sum.add(row);
    out.set(getTableName(table), sum);
  }
  return out;
}

/**
 * Copies every table from one database into an empty one and verifies the copy. The source is
 * read twice (copy, then checksums) and must not change meanwhile: stop the servers first.
 */
export async function copyInstance(from: DatabaseLocation, to: DatabaseLocation, progress: Progress = () => {}): Promise<CopyReport> {
  const started = performance.now();
  if (JSON.stringify(from) === JSON.stringify(to)) throw new CopyError({ code: 'same_location' });
  const source = await open(from, 'source');
  try {
    const target = await open(to, 'target');
    try {
      const tables = tablesInDependencyOrder();
      for (const table of tables) {
        // Migrations may seed rows (never into an empty instance today); a target with rows is refused.
        if ((await target.store.count(table)) > 0)
          throw new CopyError({ code: 'target_not_empty', location: describeLocation(to), table: getTableName(table) });
      }
      await target.store.writeAll(async (write) => {
        for (const table of tables) {
          let copied = 0;
          for await (const page of source.store.pages(table, PAGE)) {
            await write(table, page);
            copied += page.length;
          }
          progress(`Copied ${getTableName(table)}: ${copied} rows`);
        }
      });
      progress('Verifying: row counts and checksums, table by table');
      const [expected, actual] = [await checksums(source.store), await checksums(target.store)];
      const report: TableCopied[] = [];
      for (const table of tables) {
        const name = getTableName(table);
        const a = expected.get(name)!;
        const b = actual.get(name)!;
        if (a.value !== b.value) throw new CopyError({ code: 'mismatch', table: name, source: a.value, target: b.value });
        report.push({ table: name, rows: a.rows, checksum: a.value });
      }
      return {
        from: describeLocation(from),
        to: describeLocation(to),
        tables: report,
        rows: report.reduce((n, t) => n + t.rows, 0),
        durationMs: Math.round(performance.now() - started),
      };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}
