import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so ids survive being read aloud or retyped. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * Time-ordered random ids (`usr_01JD…`): 48 bits of milliseconds then 80 random
 * bits, like ULID. Time order keeps B-tree inserts local at a million rows;
 * randomness means an id reveals nothing about other tenants' row counts.
 */
export function newId(prefix: string, now = Date.now()): string {
  const bytes = Buffer.alloc(16);
  bytes.writeUIntBE(now, 0, 6);
  randomBytes(10).copy(bytes, 6);
  return `${prefix}_${encodeBase32(bytes)}`;
}

export const ID_PATTERN = /^[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}$/;

export function encodeBase32(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** Random token in base32 (for API key prefixes and secrets). */
export function randomToken(chars: number): string {
  return encodeBase32(randomBytes(Math.ceil((chars * 5) / 8))).slice(0, chars);
}
