import Database from 'better-sqlite3';
import { Command } from 'commander';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { assertSchemaNotNewer, schemaStatus } from '../../server/db/migrate';
import { serverHoldingDataDir } from '../../server/lib/data-dir-lock';
import { databasePath, ensureDataDir } from '../../server/runtime';
import { CliError, EXIT } from '../exit-codes';
import { configFrom, dataDirOption } from '../options';
import { printJson, progress } from '../runtime';

/** Copies a live database page by page with SQLite's online backup API; other connections keep writing meanwhile. */
async function copyDatabase(source: Database.Database, target: string, label: string): Promise<number> {
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

function integrity(db: Database.Database): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

export function makeBackupCommand(): Command {
  return new Command('backup')
    .description('write a consistent copy of the database to FILE while the server keeps running')
    .argument('<file>', 'where to write the backup (must not exist)')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla backup /backups/trasealla-$(date +%F).db --data-dir /var/lib/trasealla\n\nAlso keep a copy of <data dir>/instance-secret: without it everyone signs in again (nothing else is lost).',
    )
    .action(async (file: string, o: { dataDir?: string; json?: boolean }) => {
      const config = configFrom(o);
      const db = databasePath(config.dataDir);
      if (!existsSync(db)) throw new CliError(`There is no database in ${config.dataDir}. Check --data-dir.`);
      const target = resolve(file);
      if (existsSync(target)) throw new CliError(`${target} already exists. Choose a new file name; backups are never overwritten.`);
      mkdirSync(dirname(target), { recursive: true });
      const source = new Database(db, { fileMustExist: true });
      source.pragma('busy_timeout = 5000');
      const tmp = `${target}.partial`;
      try {
        // Created owner-only before a byte is copied: it holds password hashes and the license.
        rmSync(tmp, { force: true }); // left by a backup that was killed
        writeFileSync(tmp, '', { mode: 0o600, flag: 'wx' });
        const pages = await copyDatabase(source, tmp, 'Backing up');
        // A copy of a WAL database is a WAL database: opening it would leave -wal and -shm files
        // beside the backup. As a rollback-journal file it is one self-contained file.
        const copy = new Database(tmp);
        copy.pragma('journal_mode = DELETE');
        const check = integrity(copy);
        const schema = schemaStatus(copy).current;
        copy.close();
        if (check !== 'ok')
          throw new CliError(`The backup failed its integrity check (${check}). The database may be damaged: run "trasealla doctor".`);
        renameSync(tmp, target);
        const result = { file: target, bytes: statSync(target).size, pages, schemaVersion: schema, integrity: check };
        if (o.json) printJson(result);
        else console.log(`Backup written: ${target} (${result.bytes} bytes, schema ${schema}, integrity ok).`);
      } finally {
        source.close();
        for (const leftover of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(leftover, { force: true });
      }
    });
}

export function makeRestoreCommand(): Command {
  return new Command('restore')
    .description('restore a backup into a data directory (stop the server first)')
    .argument('<file>', 'a backup written by "trasealla backup"')
    .addOption(dataDirOption())
    .option('--force', 'replace the database already in the data directory')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla restore /backups/trasealla-2026-11-25.db --data-dir /var/lib/trasealla-new\n  trasealla restore backup.db --data-dir /var/lib/trasealla --force   # server stopped',
    )
    .action(async (file: string, o: { dataDir?: string; force?: boolean; json?: boolean }) => {
      const config = configFrom(o);
      const source = resolve(file);
      if (!existsSync(source)) throw new CliError(`${source} does not exist.`);
      const holder = serverHoldingDataDir(config.dataDir);
      if (holder)
        throw new CliError(
          `A Trasealla server${holder === true ? '' : ` (pid ${holder})`} is using ${config.dataDir}. Stop it before restoring.`,
          EXIT.IN_USE,
        );
      const target = databasePath(config.dataDir);
      const occupied = existsSync(config.dataDir) && readdirSync(config.dataDir).some((f) => f !== 'instance-secret' && f !== 'backups');
      if (occupied && !o.force)
        throw new CliError(`${config.dataDir} is not empty. Restore into an empty directory, or add --force to replace its database.`);
      let backup: Database.Database;
      try {
        backup = new Database(source, { readonly: true, fileMustExist: true });
        backup.pragma('schema_version');
      } catch {
        throw new CliError(`${source} is not a SQLite database.`);
      }
      try {
        progress('Checking the backup…');
        const check = integrity(backup);
        if (check !== 'ok') throw new CliError(`The backup failed its integrity check (${check}). Use another backup.`);
        assertSchemaNotNewer(backup);
        ensureDataDir(config.dataDir);
        const tmp = join(config.dataDir, 'trasealla.db.restoring');
        rmSync(tmp, { force: true });
        await copyDatabase(backup, tmp, 'Restoring');
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
        renameSync(tmp, target);
        const restored = new Database(target);
        const after = integrity(restored);
        const schema = schemaStatus(restored);
        restored.close();
        const result = { dataDir: config.dataDir, integrity: after, schemaVersion: schema.current };
        if (o.json) printJson(result);
        else
          console.log(
            `Restored into ${config.dataDir} (integrity ${after}, schema ${schema.current}${schema.current < schema.latest ? `; the server will upgrade it to ${schema.latest} at start` : ''}).`,
          );
      } finally {
        backup.close();
      }
    });
}
