import { confirm, input, password } from '@inquirer/prompts';
import { existsSync } from 'node:fs';
import { createLogger } from '../platform/logger';
import type { Config } from '../server/config';
import type { AppDeps } from '../server/lib/context';
import { closeData, createRuntime, databasePath, type RuntimeOverrides } from '../server/runtime';
import { CliError } from './exit-codes';

/** Where commands write: a line at a time (a missing final newline is added). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether a person is at a terminal to answer prompts. */
  readonly interactive: boolean;
}

/** The questions commands ask at a terminal (inquirer's, in the real command). */
export interface CliPrompts {
  input(options: { message: string; validate?: (value: string) => true | string }): Promise<string>;
  confirm(options: { message: string; default?: boolean }): Promise<boolean>;
  password(options: { message: string; mask?: string; validate?: (value: string) => true | string }): Promise<string>;
}

/**
 * What every command runs over, injected: its terminal, and the application object the
 * server itself runs on (services, license gate, clock), built once per invocation.
 */
export interface CliEnv {
  io: CliIo;
  prompts: CliPrompts;
  /**
   * The runtime over config's data directory, as server/runtime.ts builds it for the server,
   * with logs silenced (commands print their own sentences). Memoised; refuses a data directory
   * with no database unless `mustExist: false` (setup creates one).
   */
  runtime(config: Config, options?: { mustExist?: boolean }): Promise<AppDeps>;
  /** Closes what runtime() opened (runTrasealla calls it when the command ends); the env can be used again. */
  close(): Promise<void>;
}

const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);

export const processIo: CliIo = {
  out: (text) => void process.stdout.write(line(text)),
  err: (text) => void process.stderr.write(line(text)),
  get interactive() {
    return Boolean(process.stdin.isTTY && process.stdout.isTTY);
  },
};

export const inquirerPrompts: CliPrompts = {
  input: (options) => input(options),
  confirm: (options) => confirm(options),
  password: (options) => password(options),
};

/** The environment of a real `trasealla` process, or of a test (its own io, prompts, clock or keys). */
export function createCliEnv(options: { io?: CliIo; prompts?: CliPrompts; runtime?: RuntimeOverrides } = {}): CliEnv {
  const open = new Map<string, Promise<AppDeps>>();
  return {
    io: options.io ?? processIo,
    prompts: options.prompts ?? inquirerPrompts,
    async runtime(config, { mustExist = true } = {}) {
      let deps = open.get(config.dataDir);
      if (!deps) {
        if (mustExist && !config.databaseUrl && !existsSync(databasePath(config.dataDir)))
          throw new CliError(
            `There is no Trasealla database in ${config.dataDir}. Run "trasealla setup --data-dir ${config.dataDir}" first, or pass the right --data-dir.`,
          );
        deps = createRuntime(config, { logger: createLogger({ level: 'silent' }), ...options.runtime });
        open.set(config.dataDir, deps);
      }
      return deps;
    },
    async close() {
      const opened = [...open.values()];
      open.clear();
      for (const pending of opened) {
        const deps = await pending.catch(() => undefined); // one that failed to open has nothing to close
        if (!deps) continue;
        // Closed even when the clock mark cannot be written (a busy or full disk): the command's
        // outcome stands; at worst the next start re-reads an older mark.
        await closeData(deps);
      }
    },
  };
}

export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}
