/**
 * Entry point: `tsx licensing/service/main.ts` (or `tras-license serve`). Config from the
 * environment (docs/license-service.md). Exit codes: 0 stopped cleanly, 2 configuration error,
 * 1 anything else.
 */
import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../../platform/config';
import { loadServiceConfig } from './config';
import { startLicenseService } from './start';

export async function runLicenseServiceMain(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  let config;
  try {
    config = loadServiceConfig({}, env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`license service: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const running = await startLicenseService(config);
  const stop = () => {
    void running.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  runLicenseServiceMain().catch((e: unknown) => {
    process.stderr.write(`license service: ${(e as Error)?.message ?? String(e)}\n`);
    process.exit(1);
  });
}
