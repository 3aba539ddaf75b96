import { Command } from 'commander';
import { migrateDataDir } from '../../server/modules/system/maintenance.service';
import type { CliEnv } from '../cli-env';
import { configFrom, dataDirOption } from '../options';

export function makeMigrateCommand(env: CliEnv): Command {
  return new Command('migrate')
    .description('bring the database schema up to this release (backs up first when upgrading)')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  trasealla migrate --data-dir /var/lib/trasealla')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      const config = configFrom(options);
      const migration = await migrateDataDir(config.dataDir, options.json ? undefined : (step) => env.io.out(step));
      if (options.json) env.io.out(JSON.stringify(migration));
      else if (migration.applied.length === 0) env.io.out(`Schema is current (version ${migration.to}).`);
      else
        env.io.out(
          `Schema upgraded from version ${migration.from} to ${migration.to}.${migration.backupFile ? ` Backup: ${migration.backupFile}` : ''}`,
        );
    });
}
