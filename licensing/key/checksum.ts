/**
 * The typo checksum: CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over the tier text and the
 * decoded body. A CRC of degree 16 detects every burst error up to 16 bits long; one mistyped
 * base32 character changes at most 5 adjacent bits and one mistyped tier letter at most 8, so
 * every single-character substitution is caught before the (slower) signature check runs.
 *
 * The CRC is linear, so the difference between the stored and the recomputed CRC (the
 * syndrome) depends only on the error pattern. That lets us say WHERE a single typo probably
 * is: we look for the one character whose changed bits would produce this syndrome.
 */
const POLY = 0x1021;

const TABLE: Uint16Array = (() => {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ POLY) & 0xffff : (c << 1) & 0xffff;
    table[n] = c;
  }
  return table;
})();

export function crc16(...parts: Uint8Array[]): number {
  let crc = 0xffff;
  for (const part of parts) {
    for (const byte of part) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >>> 8) ^ byte) & 0xff]!;
  }
  return crc;
}

/** Width in bytes of the text prefix the checksum covers (the three tier letters). */
export const TIER_BYTES = 3;

const vectorCache = new Map<number, Uint16Array>();

/**
 * Syndrome contribution of a single flipped bit at each codeword position, where the codeword
 * is tier (3 bytes) || data || crc (2 bytes), bits MSB first. Cached per data length.
 */
function syndromeVectors(dataLength: number): Uint16Array {
  const cached = vectorCache.get(dataLength);
  if (cached) return cached;
  const messageBits = (TIER_BYTES + dataLength) * 8;
  const vectors = new Uint16Array(messageBits + 16);
  // A message bit with k bits after it contributes x^(16+k) mod G.
  let v = POLY; // x^16 mod G
  for (let i = messageBits - 1; i >= 0; i--) {
    vectors[i] = v;
    v = v & 0x8000 ? ((v << 1) ^ POLY) & 0xffff : (v << 1) & 0xffff;
  }
  for (let j = 0; j < 16; j++) vectors[messageBits + j] = 1 << (15 - j);
  vectorCache.set(dataLength, vectors);
  return vectors;
}

export type TypoLocation = { area: 'tier'; index: number } | { area: 'body'; index: number };

/**
 * Finds a single character (a tier letter or a base32 body character) whose change explains the
 * syndrome. Returns null when no single-character typo does; the caller then reports the typo
 * without a position. With 16 bits of syndrome, two positions can explain it by chance; we
 * report the first, which is why the message says "near".
 */
export function locateTypo(syndrome: number, dataLength: number, bodyChars: number): TypoLocation | null {
  const vectors = syndromeVectors(dataLength);
  const codewordBits = vectors.length;
  for (let t = 0; t < TIER_BYTES; t++) {
    if (spanContains(vectors, t * 8, 8, codewordBits, syndrome)) return { area: 'tier', index: t };
  }
  const bodyStart = TIER_BYTES * 8;
  for (let p = 0; p < bodyChars; p++) {
    if (spanContains(vectors, bodyStart + p * 5, 5, codewordBits, syndrome)) return { area: 'body', index: p };
  }
  return null;
}

function spanContains(vectors: Uint16Array, first: number, width: number, limit: number, target: number): boolean {
  const count = Math.max(0, Math.min(width, limit - first));
  for (let mask = 1; mask < 1 << count; mask++) {
    let acc = 0;
    for (let b = 0; b < count; b++) if (mask & (1 << b)) acc ^= vectors[first + b]!;
    if (acc === target) return true;
  }
  return false;
}
