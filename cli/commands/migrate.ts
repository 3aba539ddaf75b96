import { Command } from 'commander';
import { migrateDatabase } from '../../server/modules/system/maintenance.service';
import type { CliEnv } from '../cli-env';
import { configFrom, dataDirOption } from '../options';

export function makeMigrateCommand(env: CliEnv): Command {
  return new Command('migrate')
    .description('bring the database schema up to this release (SQLite: backs up first when upgrading; PostgreSQL: under a lock, once)')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  trasealla migrate --data-dir /var/lib/trasealla')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      const config = configFrom(options);
      const progress = options.json ? undefined : (step: string) => env.io.out(step);
      const migration = await migrateDatabase(config, progress);
      if (options.json) env.io.out(JSON.stringify(migration));
      else if (migration.applied.length === 0) env.io.out(`Schema is current (version ${migration.to}).`);
      else
        env.io.out(
          `Schema upgraded from version ${migration.from} to ${migration.to}.${migration.backupFile ? ` Backup: ${migration.backupFile}` : ''}`,
        );
    });
}
