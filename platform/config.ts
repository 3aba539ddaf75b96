import { readFileSync } from 'node:fs';
import { z } from 'zod';

/*
 * The one configuration loader: each app lists its settings (name, flag, environment variable,
 * default, the line its docs show) and a zod schema for them; this reads flags over the
 * environment over defaults and validates everything once.
 */

/** Configuration the operator got wrong; the message is for them and never contains a secret. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface Setting<K extends string = string> {
  key: K;
  env: string;
  /** Read when `env` is unset: a generic variable a platform sets for every app (PORT). */
  fallbackEnv?: string;
  flag?: string;
  /** The default as the docs show it. */
  default?: string;
  /** The default's actual value, when it must be worked out at run time. */
  defaultValue?: () => string | undefined;
  doc: string;
  /** A secret: also read from the file named by `${env}_FILE` (Docker and Kubernetes secrets), never echoed. */
  secret?: boolean;
}

export type SettingFlags<K extends string> = Partial<Record<K, string | number | boolean | undefined>>;

/** "true", "false", "1", "0", "yes" or "no" (or a boolean flag). */
export const booleanSetting = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes');
export const integerSetting = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
export const logLevelSetting = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** A secret setting's value from the file its `_FILE` variable names (one trailing newline dropped). */
function fromSecretFile(setting: Setting, env: NodeJS.ProcessEnv): string | undefined {
  const file = setting.secret ? env[`${setting.env}_FILE`] : undefined;
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message;
    throw new ConfigError(`Invalid configuration:\n  ${setting.env}_FILE: cannot read ${file}: ${why}.`);
  }
}

/**
 * Each setting from its flag (already parsed by commander), else its environment variable, else
 * its default. An empty value leaves the setting unset (no default either: `X=` switches an
 * optional setting off). Throws ConfigError naming every bad setting by its
 * flag and variable.
 */
export function loadSettings<S extends z.ZodObject>(
  schema: S,
  settings: readonly Setting<Extract<keyof z.input<S>, string>>[],
  flags: SettingFlags<Extract<keyof z.input<S>, string>>,
  env: NodeJS.ProcessEnv,
): z.output<S> {
  const raw: Record<string, unknown> = {};
  for (const setting of settings) {
    const fromEnv = env[setting.env] ?? (setting.fallbackEnv ? env[setting.fallbackEnv] : undefined) ?? fromSecretFile(setting, env);
    const value = flags[setting.key] ?? fromEnv ?? (setting.defaultValue ? setting.defaultValue() : setting.default);
    if (value !== undefined && value !== '') raw[setting.key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const setting = settings.find((s) => s.key === issue.path[0]);
      const name = setting ? [setting.flag, setting.env].filter(Boolean).join(' / ') : String(issue.path[0]);
      return `${name}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return parsed.data;
}
