import { Command } from 'commander';
import { startServer } from '../../server/main';
import { configFrom, dataDirOption, hostOption, portOption } from '../options';
import { serveUntilSignalled } from '../shutdown';
import type { CliEnv } from '../cli-env';

/** Serves until a signal stops it; its log lines go to stdout (the server's logger), not through env.io. */
export function makeServeCommand(_env: CliEnv): Command {
  return new Command('serve')
    .description('run the CRM server (API, web UI, health probes)')
    .addOption(dataDirOption())
    .addOption(portOption())
    .addOption(hostOption())
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla serve --data-dir /var/lib/trasealla --port 8080\n  PORT=8080 TRASEALLA_DATA_DIR=/data trasealla serve',
    )
    .action(async (options: { dataDir?: string; port?: string; host?: string }) => {
      await serveUntilSignalled(() => startServer(configFrom(options)));
    });
}
