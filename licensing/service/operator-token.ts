/**
 * The operator token: a random secret the service knows only as its SHA-256 (LICENSE_OPERATOR_TOKEN_HASH).
 * The token is 256 random bits, so a fast hash is enough (no password stretching needed), and
 * comparison is in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const OPERATOR_TOKEN_PREFIX = 'trasop_';

export function generateOperatorToken(): string {
  return `${OPERATOR_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function hashOperatorToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function isOperatorTokenHash(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}

export function operatorTokenMatches(presented: string, expectedHash: string): boolean {
  const a = Buffer.from(hashOperatorToken(presented), 'hex');
  const b = Buffer.from(expectedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
