import { Command } from 'commander';
import { openAndMigrate } from '../../server/runtime';
import { configFrom, dataDirOption } from '../options';

export function makeMigrateCommand(): Command {
  return new Command('migrate')
    .description('bring the database schema up to this release (backs up first when upgrading)')
    .addOption(dataDirOption())
    .option('--json', 'print the result as JSON')
    .addHelpText('after', '\nExample:\n  trasealla migrate --data-dir /var/lib/trasealla')
    .action(async (options: { dataDir?: string; json?: boolean }) => {
      const config = configFrom(options);
      const { database, migration } = await openAndMigrate(config.dataDir, {
        logger: options.json ? undefined : ({ info: (o: { msg: string }) => console.log(o.msg) } as never),
      });
      database.close();
      if (options.json) console.log(JSON.stringify(migration));
      else if (migration.applied.length === 0) console.log(`Schema is current (version ${migration.to}).`);
      else
        console.log(
          `Schema upgraded from version ${migration.from} to ${migration.to}.${migration.backupFile ? ` Backup: ${migration.backupFile}` : ''}`,
        );
    });
}
