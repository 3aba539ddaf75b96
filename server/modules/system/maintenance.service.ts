import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertSchemaNotNewer, schemaStatus, SchemaTooNewError, type MigrateResult } from '../../db/migrate';
import { loadMigrations } from '../../db/migrations-source';
import { claimDataDir, DataDirInUseError, SERVER_LOCK_FILE, SERVER_PID_FILE } from '../../lib/data-dir-lock';
import { databasePath, ensureDataDir, openAndMigrate } from '../../runtime';
import type { Config } from '../../config';
import { preparePostgres } from '../../db/open-postgres';

/*
 * What the operator does to the database file itself: back it up while the server runs,
 * restore it, bring its schema up to date, read its schema version. The CLI's backup, restore,
 * migrate and version commands are these functions and their output.
 */

export { SchemaTooNewError };

/** Why a backup or restore was refused; the caller words it for its audience (flags, commands). */
export type MaintenanceProblem =
  | { code: 'no_database'; dataDir: string }
  | { code: 'target_exists'; file: string }
  | { code: 'copy_damaged'; integrity: string }
  | { code: 'backup_missing'; file: string }
  | { code: 'not_sqlite'; file: string }
  | { code: 'backup_damaged'; integrity: string }
  | { code: 'data_dir_in_use'; dataDir: string; pid: number | undefined }
  | { code: 'data_dir_not_empty'; dataDir: string };

const DESCRIPTION: { [C in MaintenanceProblem['code']]: (p: Extract<MaintenanceProblem, { code: C }>) => string } = {
  no_database: (p) => `There is no database in ${p.dataDir}.`,
  target_exists: (p) => `${p.file} already exists. Choose a new file name; backups are never overwritten.`,
  copy_damaged: (p) => `The backup failed its integrity check (${p.integrity}). The database may be damaged.`,
  backup_missing: (p) => `${p.file} does not exist.`,
  not_sqlite: (p) => `${p.file} is not a SQLite database.`,
  backup_damaged: (p) => `The backup failed its integrity check (${p.integrity}). Use another backup.`,
  data_dir_in_use: (p) => `A Trasealla server${p.pid ? ` (pid ${p.pid})` : ''} is using ${p.dataDir}. Stop it before restoring.`,
  data_dir_not_empty: (p) => `${p.dataDir} is not empty.`,
};

export class MaintenanceError extends Error {
  constructor(readonly problem: MaintenanceProblem) {
    super((DESCRIPTION[problem.code] as (p: MaintenanceProblem) => string)(problem));
    this.name = 'MaintenanceError';
  }
}

/** A step of a long copy, as a sentence ("Backing up: 40% (…)"). */
export type Progress = (message: string) => void;

/** Copies a live database page by page with SQLite's online backup API; other connections keep writing meanwhile. */
async function copyDatabase(source: Database.Database, target: string, label: string, progress: Progress): Promise<number> {
  let lastShown = -1;
  let pages = 0;
  await source.backup(target, {
    progress({ totalPages, remainingPages }) {
      pages = totalPages;
      const pct = totalPages ? Math.floor(((totalPages - remainingPages) / totalPages) * 100) : 100;
      if (pct >= lastShown + 10 || remainingPages === 0) {
        progress(`${label}: ${pct}% (${totalPages - remainingPages}/${totalPages} pages)`);
        lastShown = pct;
      }
      // Large steps: a step is one consistent read, and a write between steps restarts the copy.
      return Math.max(256, Math.ceil(totalPages / 10));
    },
  });
  // A small database is copied in one step, and the last step reports no progress of its own.
  if (lastShown < 100) progress(`${label}: 100%`);
  return pages;
}

/** PRAGMA integrity_check as one string: "ok", or what is wrong. */
export function integrityCheck(db: Database.Database): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

/** The schema version this build writes (its number of migrations). */
export function buildSchemaVersion(): number {
  return loadMigrations().length;
}

export interface BackupResult {
  file: string;
  bytes: number;
  pages: number;
  schemaVersion: number;
  integrity: string;
}

/**
 * Writes a consistent copy of the data directory's database to `file` (which must not exist)
 * while the server keeps serving: owner-only from its first byte, checked, one self-contained file.
 */
export async function backupDatabase(dataDir: string, file: string, progress: Progress = () => {}): Promise<BackupResult> {
  const db = databasePath(dataDir);
  if (!existsSync(db)) throw new MaintenanceError({ code: 'no_database', dataDir });
  const target = resolve(file);
  if (existsSync(target)) throw new MaintenanceError({ code: 'target_exists', file: target });
  mkdirSync(dirname(target), { recursive: true });
  const source = new Database(db, { fileMustExist: true });
  source.pragma('busy_timeout = 5000');
  const tmp = `${target}.partial`;
  try {
    // Created owner-only before a byte is copied: it holds password hashes and the license.
    rmSync(tmp, { force: true }); // left by a backup that was killed
    writeFileSync(tmp, '', { mode: 0o600, flag: 'wx' });
    const pages = await copyDatabase(source, tmp, 'Backing up', progress);
    // A copy of a WAL database is a WAL database: opening it would leave -wal and -shm files
    // beside the backup. As a rollback-journal file it is one self-contained file.
    const copy = new Database(tmp);
    copy.pragma('journal_mode = DELETE');
    const check = integrityCheck(copy);
    const schema = schemaStatus(copy).current;
    copy.close();
    if (check !== 'ok') throw new MaintenanceError({ code: 'copy_damaged', integrity: check });
    renameSync(tmp, target);
    return { file: target, bytes: statSync(target).size, pages, schemaVersion: schema, integrity: check };
  } finally {
    source.close();
    for (const leftover of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(leftover, { force: true });
  }
}

export interface RestoreResult {
  dataDir: string;
  integrity: string;
  schemaVersion: number;
  /** This build's schema version: the server upgrades an older restored database at start. */
  latestSchemaVersion: number;
}

/**
 * Restores a backup into a data directory no server is using: an empty one, or (`replace`) one
 * whose database it replaces. The backup is checked first (integrity, not from a newer release),
 * so a refused restore leaves the directory as it was.
 */
export async function restoreDatabase(
  file: string,
  dataDir: string,
  options: { replace?: boolean | undefined; progress?: Progress } = {},
): Promise<RestoreResult> {
  const progress = options.progress ?? (() => {});
  const source = resolve(file);
  if (!existsSync(source)) throw new MaintenanceError({ code: 'backup_missing', file: source });
  const occupied = existsSync(dataDir) && readdirSync(dataDir).some((f) => !KEPT_BY_RESTORE.has(f));
  ensureDataDir(dataDir);
  // Held until the new database is in place, so no server can start on the old one meanwhile.
  let release: () => void;
  try {
    release = claimDataDir(dataDir);
  } catch (err) {
    if (err instanceof DataDirInUseError) throw new MaintenanceError({ code: 'data_dir_in_use', dataDir, pid: err.pid });
    throw err;
  }
  try {
    if (occupied && !options.replace) throw new MaintenanceError({ code: 'data_dir_not_empty', dataDir });
    return await restoreInto(source, dataDir, progress);
  } finally {
    release();
  }
}

/** What a data directory may hold and still count as empty for a restore. */
export const KEPT_BY_RESTORE = new Set(['instance-secret', 'backups', SERVER_LOCK_FILE, SERVER_PID_FILE]);

async function restoreInto(source: string, dataDir: string, progress: Progress): Promise<RestoreResult> {
  const target = databasePath(dataDir);
  let backup: Database.Database;
  try {
    backup = new Database(source, { readonly: true, fileMustExist: true });
    backup.pragma('schema_version');
  } catch {
    throw new MaintenanceError({ code: 'not_sqlite', file: source });
  }
  try {
    progress('Checking the backup…');
    const check = integrityCheck(backup);
    if (check !== 'ok') throw new MaintenanceError({ code: 'backup_damaged', integrity: check });
    assertSchemaNotNewer(backup);
    const tmp = join(dataDir, 'trasealla.db.restoring');
    rmSync(tmp, { force: true });
    await copyDatabase(backup, tmp, 'Restoring', progress);
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
    renameSync(tmp, target);
    const restored = new Database(target);
    const after = integrityCheck(restored);
    const schema = schemaStatus(restored);
    restored.close();
    return { dataDir, integrity: after, schemaVersion: schema.current, latestSchemaVersion: schema.latest };
  } finally {
    backup.close();
  }
}

/**
 * Creates or upgrades the instance's database without serving: the PostgreSQL database the
 * config names (under the migration lock), else the data directory's SQLite file (an upgrade
 * backed up first), then closes it.
 */
export async function migrateDatabase(config: Pick<Config, 'dataDir' | 'databaseUrl'>, progress?: Progress): Promise<MigrateResult> {
  const onProgress = progress ?? (() => {});
  if (config.databaseUrl) return preparePostgres(config.databaseUrl, { onProgress });
  const { database, migration } = await openAndMigrate(config.dataDir, { onProgress });
  database.close();
  return migration;
}
