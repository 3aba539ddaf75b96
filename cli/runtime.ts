import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../server/config';
import type { AppDeps } from '../server/lib/context';
import { createLogger } from '../server/lib/logger';
import type { LicenseManager } from '../server/license/license-manager';
import { createRuntime, databasePath, licenseManagerOf } from '../server/runtime';
import { CliError } from './exit-codes';

/**
 * Runs an administrative command over the same runtime the server builds (services, license
 * gate, clock), with logs silenced: the command prints its own plain sentences.
 */
export async function withRuntime<R>(
  config: Config,
  fn: (deps: AppDeps, license: LicenseManager) => Promise<R> | R,
  options: { mustExist?: boolean } = {},
): Promise<R> {
  if (options.mustExist !== false && !existsSync(databasePath(config.dataDir)))
    throw new CliError(
      `There is no Trasealla database in ${config.dataDir}. Run "trasealla setup --data-dir ${config.dataDir}" first, or pass the right --data-dir.`,
    );
  const deps = await createRuntime(config, { logger: createLogger({ level: 'silent' }) });
  try {
    return await fn(deps, licenseManagerOf(deps)!);
  } finally {
    licenseManagerOf(deps)?.persistHighWater();
    deps.database.close();
  }
}

/** A secret from a file (first line) or an environment variable; never from a flag value. */
export function secretFrom(file: string | undefined, envName: string): string | undefined {
  if (file) {
    try {
      return readFileSync(file, 'utf8').split(/\r?\n/)[0]!;
    } catch (err) {
      throw new CliError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`);
    }
  }
  const value = process.env[envName];
  return value ? value : undefined;
}

export const isInteractive = () => Boolean(process.stdin.isTTY && process.stdout.isTTY);

export function printJson(value: unknown): void {
  console.log(JSON.stringify(value, null, 2));
}

/** Progress on stderr: a line per step, so logs and pipes stay readable. */
export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}
