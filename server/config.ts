import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { booleanSetting, integerSetting, loadSettings, logLevelSetting, type Setting, type SettingFlags } from '../platform/config';

/**
 * The server's settings. Every one comes from a flag or an environment variable (flags win), is
 * validated once by platform/config's loader, and is listed in the README's configuration table
 * (CONFIG_DOC below is that table's source).
 */
const ConfigSchema = z.object({
  dataDir: z
    .string()
    .min(1)
    .transform((p) => resolve(p)),
  host: z.string().min(1),
  port: integerSetting(0, 65535),
  logLevel: logLevelSetting,
  tokenTtlMinutes: integerSetting(1, 24 * 60),
  sessionTtlHours: integerSetting(1, 24 * 90),
  bodyLimitBytes: integerSetting(1024, 512 * 1024 * 1024),
  importMaxBytes: integerSetting(1024, 16 * 1024 * 1024 * 1024),
  loginRateIpPerMinute: integerSetting(1, 100_000),
  loginRateEmailPer15Minutes: integerSetting(1, 100_000),
  trustProxy: booleanSetting,
  baseDomain: z.string().optional(),
  cookieSecure: z.enum(['auto', 'true', 'false']),
  webDir: z.string().optional(),
  shutdownTimeoutMs: integerSetting(0, 600_000),
  licenseServer: z.url({ protocol: /^https?$/, error: 'Must be an http(s) URL.' }),
  licenseTimeoutMs: integerSetting(500, 120_000),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\/[^/\s]+\/[^\s]+$/, 'Must be a PostgreSQL URL like postgres://user:password@host:5432/database.')
    .optional(),
  databasePoolSize: integerSetting(1, 1000),
});

export type Config = z.infer<typeof ConfigSchema>;

/** The web UI built into this checkout or install: web/dist next to server/ (none when bundled without a module URL). */
export function builtInWebDir(): string | undefined {
  const url = import.meta.url;
  return typeof url === 'string' && url.startsWith('file:') ? fileURLToPath(new URL('../web/dist', url)) : undefined;
}

export const CONFIG_DOC: Setting<keyof Config>[] = [
  {
    key: 'dataDir',
    env: 'TRASEALLA_DATA_DIR',
    flag: '--data-dir',
    default: './data',
    doc: 'Data directory: database, instance secret, backups. Keep it on persistent storage.',
  },
  { key: 'host', env: 'HOST', flag: '--host', default: '0.0.0.0', doc: 'Address to listen on.' },
  { key: 'port', env: 'PORT', flag: '--port', default: '3000', doc: 'HTTP port.' },
  {
    key: 'logLevel',
    env: 'LOG_LEVEL',
    default: 'info',
    doc: 'fatal, error, warn, info, debug, trace or silent. Logs are JSON lines on stdout.',
  },
  {
    key: 'tokenTtlMinutes',
    env: 'TRASEALLA_TOKEN_TTL_MINUTES',
    default: '60',
    doc: 'Lifetime of an access token (JWT). Browser sessions renew it while in use.',
  },
  {
    key: 'sessionTtlHours',
    env: 'TRASEALLA_SESSION_TTL_HOURS',
    default: '12',
    doc: 'Longest a sign-in lasts before the user must sign in again.',
  },
  {
    key: 'bodyLimitBytes',
    env: 'TRASEALLA_BODY_LIMIT_BYTES',
    default: '1048576',
    doc: 'Largest JSON request body accepted (413 beyond it).',
  },
  {
    key: 'importMaxBytes',
    env: 'TRASEALLA_IMPORT_MAX_BYTES',
    default: '209715200',
    doc: 'Largest CSV file or whole-tenant JSON document an import accepts (413 beyond it).',
  },
  {
    key: 'loginRateIpPerMinute',
    env: 'TRASEALLA_LOGIN_RATE_IP',
    default: '30',
    doc: 'Sign-in attempts allowed per client address per minute.',
  },
  {
    key: 'loginRateEmailPer15Minutes',
    env: 'TRASEALLA_LOGIN_RATE_EMAIL',
    default: '10',
    doc: 'Failed sign-ins allowed per email address per 15 minutes.',
  },
  {
    key: 'trustProxy',
    env: 'TRASEALLA_TRUST_PROXY',
    default: 'false',
    doc: 'Take the client address from X-Forwarded-For (only behind your own reverse proxy): its last entry, the one your proxy appends.',
  },
  {
    key: 'baseDomain',
    env: 'TRASEALLA_BASE_DOMAIN',
    doc: 'If set (e.g. crm.example.com), acme.crm.example.com signs in to tenant "acme".',
  },
  {
    key: 'cookieSecure',
    env: 'TRASEALLA_COOKIE_SECURE',
    default: 'auto',
    doc: 'Secure flag on the session cookie: auto (when the request is HTTPS), true or false.',
  },
  {
    key: 'webDir',
    env: 'TRASEALLA_WEB_DIR',
    default: 'web/dist',
    defaultValue: builtInWebDir,
    doc: "Folder of the built web UI served at / (`npm run build:web` writes it). Default: this installation's web/dist. Set it empty, or to a folder without index.html, and / shows a short page linking to the API reference.",
  },
  {
    key: 'shutdownTimeoutMs',
    env: 'TRASEALLA_SHUTDOWN_TIMEOUT_MS',
    default: '10000',
    doc: 'On SIGTERM, how long in-flight requests may take before the server closes anyway.',
  },
  {
    key: 'licenseServer',
    env: 'TRASEALLA_LICENSE_SERVER',
    default: 'https://license.trasealla.com',
    doc: 'License service for online licenses (air-gapped licenses never call it). Proxy: HTTPS_PROXY with NODE_USE_ENV_PROXY=1 on Node 22.21+/24.',
  },
  {
    key: 'licenseTimeoutMs',
    env: 'TRASEALLA_LICENSE_TIMEOUT_MS',
    default: '10000',
    doc: 'How long one license check may take before it counts as unreachable.',
  },
  {
    key: 'databaseUrl',
    env: 'TRASEALLA_DATABASE_URL',
    secret: true,
    doc: 'Serve from this PostgreSQL database (15 or newer) instead of the embedded SQLite file, e.g. postgres://crm:password@db:5432/crm. Also read from the file TRASEALLA_DATABASE_URL_FILE names. Connect as an ordinary role, not a superuser: row-level security binds it. Required for more than one replica.',
  },
  {
    key: 'databasePoolSize',
    env: 'TRASEALLA_DATABASE_POOL_SIZE',
    default: '10',
    doc: 'PostgreSQL connections each server process keeps open at most.',
  },
];

/** Builds the config from flags (already parsed by commander) over env over defaults. */
export function loadConfig(flags: SettingFlags<keyof Config> = {}, env: NodeJS.ProcessEnv = process.env): Config {
  return loadSettings(ConfigSchema, CONFIG_DOC, flags, env);
}
