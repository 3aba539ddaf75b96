/** tras-license serve: run the license service (configuration as in docs/license-service.md). */
import { Command, Option } from 'commander';
import { ConfigError } from '../../../platform/config';
import { loadServiceConfig } from '../../service/config';
import { startLicenseService } from '../../service/start';
import { CliError, EXIT } from '../exit-codes';

export function makeServeCommand(): Command {
  return new Command('serve')
    .description(
      'Run the license service. The operator token is given as its SHA-256 (LICENSE_OPERATOR_TOKEN_HASH; tras-license token prints both).',
    )
    .addOption(new Option('--port <port>', 'port (0 = any free port)').env('LICENSE_SERVICE_PORT'))
    .addOption(new Option('--host <host>', 'address to listen on').env('LICENSE_SERVICE_HOST'))
    .addOption(new Option('--db <path>', 'database file').env('LICENSE_DB_PATH'))
    .addOption(new Option('--key-file <path>', 'private signing key file (mode 0600)').env('LICENSE_SIGNING_KEY_FILE'))
    .action(async (opts: { port?: string; host?: string; db?: string; keyFile?: string }) => {
      let config;
      try {
        config = loadServiceConfig({ port: opts.port, host: opts.host, dbPath: opts.db, signingKeyFile: opts.keyFile });
      } catch (e) {
        if (e instanceof ConfigError) throw new CliError(e.message, /signing key/i.test(e.message) ? EXIT.SIGNING_KEY : EXIT.USAGE);
        throw e;
      }
      const running = await startLicenseService(config);
      await new Promise<void>((resolve) => {
        const stop = () => void running.close().then(resolve);
        process.once('SIGTERM', stop);
        process.once('SIGINT', stop);
      });
    });
}
