/** The license service's configuration, from the environment, parsed once (zod). */
import { z } from 'zod';
import type { SigningKeyPair } from '../key';
import type { RateLimitRule } from './rate-limit';
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

/** Configuration the operator got wrong; the message is for them and never contains a secret. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const envSchema = z.object({
  LICENSE_SERVICE_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  LICENSE_SERVICE_HOST: z.string().min(1).default('0.0.0.0'),
  LICENSE_DB_PATH: z.string().min(1).default('./data/license-service.db'),
  LICENSE_SIGNING_KEY_FILE: z.string().min(1).optional(),
  LICENSE_SIGNING_KEY: z.string().min(1).optional(),
  LICENSE_OPERATOR_TOKEN_HASH: z
    .string({ error: 'LICENSE_OPERATOR_TOKEN_HASH is required: the SHA-256 hex of the operator token (tras-license token prints one).' })
    .regex(/^[0-9a-f]{64}$/, 'LICENSE_OPERATOR_TOKEN_HASH must be 64 lowercase hex characters (the SHA-256 of the token, not the token).'),
  LICENSE_TRUST_PROXY: z.enum(['true', 'false', '1', '0']).default('false'),
  LICENSE_RATE_LIMIT_PER_LICENSE: z.coerce.number().int().min(1).default(30),
  LICENSE_RATE_LIMIT_PER_ADDRESS: z.coerce.number().int().min(1).default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const DEFAULT_PORT = 8790;

export function loadServiceConfig(env: NodeJS.ProcessEnv, overrides: Partial<LicenseServiceConfig> = {}): LicenseServiceConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('\n'));
  }
  const e = parsed.data;
  let signingKey: SigningKeyPair | undefined;
  try {
    signingKey = overrides.signingKey ?? loadSigningKey({ file: e.LICENSE_SIGNING_KEY_FILE, inline: e.LICENSE_SIGNING_KEY });
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  return {
    port: e.LICENSE_SERVICE_PORT ?? e.PORT ?? DEFAULT_PORT,
    host: e.LICENSE_SERVICE_HOST,
    dbPath: e.LICENSE_DB_PATH,
    signingKey,
    operatorTokenHash: e.LICENSE_OPERATOR_TOKEN_HASH,
    trustProxy: e.LICENSE_TRUST_PROXY === 'true' || e.LICENSE_TRUST_PROXY === '1',
    rateLimits: {
      perLicense: { limit: e.LICENSE_RATE_LIMIT_PER_LICENSE, windowMs: 60_000 },
      perAddress: { limit: e.LICENSE_RATE_LIMIT_PER_ADDRESS, windowMs: 60_000 },
    },
    logLevel: e.LOG_LEVEL,
    ...overrides,
  };
}
