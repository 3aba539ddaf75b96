import { Option } from 'commander';
import { readFileSync } from 'node:fs';
import { loadConfig, type Config } from '../server/config';
import { CliError, EXIT } from './exit-codes';

/** `--data-dir`, shared by every command that touches the database; the env var is read by loadConfig. */
export const dataDirOption = () => new Option('-d, --data-dir <dir>', 'data directory (env TRASEALLA_DATA_DIR, default ./data)');
export const portOption = () => new Option('-p, --port <port>', 'HTTP port (env PORT, default 3000)');
export const hostOption = () => new Option('--host <address>', 'address to listen on (env HOST, default 0.0.0.0)');

export function configFrom(options: { dataDir?: string; port?: string; host?: string }): Config {
  return loadConfig({ dataDir: options.dataDir, port: options.port, host: options.host });
}

/** Refuses a command that works on the SQLite file when the instance lives in PostgreSQL, saying what to use instead. */
export function sqliteOnly(config: Config, command: string, instead: string): void {
  if (config.databaseUrl)
    throw new CliError(
      `"trasealla ${command}" works on the embedded SQLite database, and TRASEALLA_DATABASE_URL says this instance lives in PostgreSQL: ${instead}`,
      EXIT.CONFIG,
    );
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
