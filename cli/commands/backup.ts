import { Command } from 'commander';
import { backupDatabase, MaintenanceError, restoreDatabase } from '../../server/modules/system/maintenance.service';
import { printJson, type CliEnv } from '../cli-env';
import { CliError, EXIT } from '../exit-codes';
import { configFrom, dataDirOption, sqliteOnly } from '../options';

/** A refused backup or restore as the operator reads it: what to pass or run instead, and its exit code. */
function refused(err: unknown): unknown {
  if (!(err instanceof MaintenanceError)) return err;
  const p = err.problem;
  switch (p.code) {
    case 'no_database':
      return new CliError(`There is no database in ${p.dataDir}. Check --data-dir.`);
    case 'copy_damaged':
      return new CliError(`The backup failed its integrity check (${p.integrity}). The database may be damaged: run "trasealla doctor".`);
    case 'data_dir_in_use':
      return new CliError(err.message, EXIT.IN_USE);
    case 'data_dir_not_empty':
      return new CliError(`${p.dataDir} is not empty. Restore into an empty directory, or add --force to replace its database.`);
    default:
      return new CliError(err.message);
  }
}

export function makeBackupCommand(env: CliEnv): Command {
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
      sqliteOnly(config, 'backup', 'back it up with pg_dump (docs/postgresql.md).');
      const result = await backupDatabase(config.dataDir, file, (step) => env.io.err(step)).catch((err: unknown) => {
        throw refused(err);
      });
      if (o.json) printJson(env.io, result);
      else env.io.out(`Backup written: ${result.file} (${result.bytes} bytes, schema ${result.schemaVersion}, integrity ok).`);
    });
}

export function makeRestoreCommand(env: CliEnv): Command {
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
      sqliteOnly(
        config,
        'restore',
        'restore it with pg_restore, or copy a SQLite instance in with "trasealla db copy --to" (docs/postgresql.md).',
      );
      const restored = await restoreDatabase(file, config.dataDir, { replace: o.force, progress: (step) => env.io.err(step) }).catch(
        (err: unknown) => {
          throw refused(err);
        },
      );
      const { latestSchemaVersion: latest, ...result } = restored;
      if (o.json) printJson(env.io, result);
      else
        env.io.out(
          `Restored into ${result.dataDir} (integrity ${result.integrity}, schema ${result.schemaVersion}${result.schemaVersion < latest ? `; the server will upgrade it to ${latest} at start` : ''}).`,
        );
    });
}
