/** The license service's settings, from flags (tras-license serve) over the environment, through platform/config's loader. */
import { z } from 'zod';
import {
  booleanSetting,
  ConfigError,
  integerSetting,
  loadSettings,
  logLevelSetting,
  type Setting,
  type SettingFlags,
} from '../../platform/config';
import type { RateLimitRule } from '../../platform/rate-limiter';
import type { SigningKeyPair } from '../key';
import { loadSigningKey } from './signing-key-file';

export interface LicenseServiceConfig {
  port: number;
  host: string;
  dbPath: string;
  signingKey: SigningKeyPair | undefined;
  operatorTokenHash: string;
  trustProxy: boolean;
  rateLimits: { perLicense: RateLimitRule; perAddress: RateLimitRule };
  logLevel: string;
}

const SettingsSchema = z.object({
  port: integerSetting(0, 65535),
  host: z.string().min(1),
  dbPath: z.string().min(1),
  signingKeyFile: z.string().min(1).optional(),
  signingKey: z.string().min(1).optional(),
  operatorTokenHash: z
    .string({ error: 'required: the SHA-256 hex of the operator token (tras-license token prints one).' })
    .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex characters (the SHA-256 of the token, not the token).'),
  trustProxy: booleanSetting,
  rateLimitPerLicense: integerSetting(1, 1_000_000_000),
  rateLimitPerAddress: integerSetting(1, 1_000_000_000),
  logLevel: logLevelSetting,
});

type SettingKey = keyof z.input<typeof SettingsSchema>;

export const DEFAULT_PORT = 8790;

/** Every setting of the service, each documented in docs/license-service.md's table. */
export const SERVICE_SETTINGS: Setting<SettingKey>[] = [
  {
    key: 'port',
    env: 'LICENSE_SERVICE_PORT',
    fallbackEnv: 'PORT',
    flag: '--port',
    default: String(DEFAULT_PORT),
    doc: 'Port; 0 picks a free one (the URL is logged).',
  },
  { key: 'host', env: 'LICENSE_SERVICE_HOST', flag: '--host', default: '0.0.0.0', doc: 'Listen address.' },
  { key: 'dbPath', env: 'LICENSE_DB_PATH', flag: '--db', default: './data/license-service.db', doc: 'SQLite file (WAL).' },
  {
    key: 'signingKeyFile',
    env: 'LICENSE_SIGNING_KEY_FILE',
    flag: '--key-file',
    doc: 'Private key file from keygen; must be mode 0600 or the service refuses to start.',
  },
  {
    key: 'signingKey',
    env: 'LICENSE_SIGNING_KEY',
    doc: "Alternative: the file's JSON, or the 32-byte seed as hex/base64 (for secret stores).",
  },
  {
    key: 'operatorTokenHash',
    env: 'LICENSE_OPERATOR_TOKEN_HASH',
    doc: 'SHA-256 (hex) of the operator token; the token itself is never configured. Required.',
  },
  {
    key: 'trustProxy',
    env: 'LICENSE_TRUST_PROXY',
    default: 'false',
    doc: 'Take the client address from X-Forwarded-For (only behind your own proxy).',
  },
  { key: 'rateLimitPerLicense', env: 'LICENSE_RATE_LIMIT_PER_LICENSE', default: '30', doc: 'Validation requests per license per minute.' },
  {
    key: 'rateLimitPerAddress',
    env: 'LICENSE_RATE_LIMIT_PER_ADDRESS',
    default: '300',
    doc: 'Validation requests per client address per minute.',
  },
  { key: 'logLevel', env: 'LOG_LEVEL', default: 'info', doc: 'fatal, error, warn, info, debug, trace or silent.' },
];

/** Builds the service's config from flags over env over defaults, and reads the signing key. */
export function loadServiceConfig(flags: SettingFlags<SettingKey> = {}, env: NodeJS.ProcessEnv = process.env): LicenseServiceConfig {
  const s = loadSettings(SettingsSchema, SERVICE_SETTINGS, flags, env);
  let signingKey: SigningKeyPair | undefined;
  try {
    signingKey = loadSigningKey({ file: s.signingKeyFile, inline: s.signingKey });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  return {
    port: s.port,
    host: s.host,
    dbPath: s.dbPath,
    signingKey,
    operatorTokenHash: s.operatorTokenHash,
    trustProxy: s.trustProxy,
    rateLimits: {
      perLicense: { limit: s.rateLimitPerLicense, windowMs: 60_000 },
      perAddress: { limit: s.rateLimitPerAddress, windowMs: 60_000 },
    },
    logLevel: s.logLevel,
  };
}
