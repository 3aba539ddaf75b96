import { createHash, timingSafeEqual } from 'node:crypto';
import { randomToken } from '../../platform/ids';

/** API keys read `tcrm_<prefix>_<secret>`: the prefix finds the row, the secret is checked against its hash. */
const PATTERN = /^tcrm_([0-9A-Z]{10})_([0-9A-Z]{40})$/;

export function generateApiKey(): { prefix: string; secret: string; text: string; hash: string } {
  const prefix = randomToken(10);
  const secret = randomToken(40);
  return { prefix, secret, text: `tcrm_${prefix}_${secret}`, hash: hashApiKeySecret(secret) };
}

export function parseApiKey(text: string): { prefix: string; secret: string } | null {
  const match = PATTERN.exec(text);
  return match ? { prefix: match[1]!, secret: match[2]! } : null;
}

/**
 * SHA-256, not scrypt: the secret is 200 random bits, so there is nothing to
 * brute-force, and a slow hash on every API request would only cost latency.
 */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function apiKeySecretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashApiKeySecret(secret), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
