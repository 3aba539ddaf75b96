import { randomBytes } from 'node:crypto';
// Crockford base32 (no I, L, O, U, so ids survive being read aloud or retyped): the license key's
// own encoder, one implementation for keys and ids.
import { encodeCrockford } from '../licensing/key';

let lastTime = -1;
const lastRandom = Buffer.alloc(10);

/**
 * Time-ordered random ids (`usr_01JD…`): 48 bits of milliseconds then 80 random
 * bits, like ULID. Time order keeps B-tree inserts local at a million rows;
 * randomness means an id reveals nothing about other tenants' row counts.
 * Within one millisecond the random part counts up (ULID's monotonic mode),
 * so ids made in sequence sort in sequence.
 */
export function newId(prefix: string, now = Date.now()): string {
  const bytes = Buffer.alloc(16);
  if (now <= lastTime) {
    now = lastTime;
    for (let i = 9; i >= 0; i--) {
      lastRandom[i] = (lastRandom[i]! + 1) & 0xff;
      if (lastRandom[i] !== 0) break;
    }
  } else {
    lastTime = now;
    randomBytes(10).copy(lastRandom);
    lastRandom[0]! &= 0x7f; // headroom so counting up within a millisecond never wraps
  }
  bytes.writeUIntBE(now, 0, 6);
  lastRandom.copy(bytes, 6);
  return `${prefix}_${encodeCrockford(bytes)}`;
}

export const ID_PATTERN = /^[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}$/;

/** Random token in base32 (for API key prefixes and secrets). */
export function randomToken(chars: number): string {
  return encodeCrockford(randomBytes(Math.ceil((chars * 5) / 8))).slice(0, chars);
}
