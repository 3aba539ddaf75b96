import { Command } from 'commander';
import { loadMigrations } from '../../server/db/migrations-source';
import { PRODUCT_VERSION } from '../../server/version';

export function makeVersionCommand(): Command {
  return new Command('version')
    .description('print the release, schema version and runtime')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) => {
      const info = { version: PRODUCT_VERSION, schemaVersion: loadMigrations().length, node: process.version };
      console.log(options.json ? JSON.stringify(info) : `trasealla ${info.version} (schema ${info.schemaVersion}, node ${info.node})`);
    });
}
