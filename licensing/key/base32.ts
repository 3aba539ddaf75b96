/**
 * Crockford base32, owned here so the key module imports nothing from the server.
 * Crockford drops I, L, O and U so a key survives being read aloud or retyped;
 * on input, I and L read as 1 and O reads as 0, in either case.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const DECODE: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < CROCKFORD_ALPHABET.length; i++) {
    const upper = CROCKFORD_ALPHABET.charCodeAt(i);
    table[upper] = i;
    table[String.fromCharCode(upper).toLowerCase().charCodeAt(0)] = i;
  }
  for (const [alias, value] of [
    ['I', 1],
    ['L', 1],
    ['O', 0],
  ] as const) {
    table[alias.charCodeAt(0)] = value;
    table[alias.toLowerCase().charCodeAt(0)] = value;
  }
  return table;
})();

/** The 5-bit value of one character, or -1 when it cannot appear in Crockford base32. */
export function crockfordValue(char: string): number {
  const code = char.charCodeAt(0);
  return code < 128 ? (DECODE[code] ?? -1) : -1;
}

/** Encodes bytes MSB first; the last character is zero-padded. */
export function encodeCrockford(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += CROCKFORD_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += CROCKFORD_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

export type CrockfordDecodeResult =
  { ok: true; bytes: Uint8Array } | { ok: false; reason: 'bad_char' | 'bad_length' | 'nonzero_padding'; index: number };

/**
 * Strict decoding: every character must be in the alphabet (aliases allowed), the length must
 * be one an encoder could produce, and the padding bits must be zero. Strictness matters:
 * a lax decoder would accept a retyped last character whose changed bits are only padding.
 */
export function decodeCrockford(text: string): CrockfordDecodeResult {
  const byteLength = Math.floor((text.length * 5) / 8);
  if (Math.ceil((byteLength * 8) / 5) !== text.length) {
    return { ok: false, reason: 'bad_length', index: text.length - 1 };
  }
  const bytes = new Uint8Array(byteLength);
  let buffer = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const value = crockfordValue(text[i]!);
    if (value < 0) return { ok: false, reason: 'bad_char', index: i };
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bytes[at++] = (buffer >>> (bits - 8)) & 0xff;
      bits -= 8;
    }
  }
  if (bits > 0 && (buffer & ((1 << bits) - 1)) !== 0) {
    return { ok: false, reason: 'nonzero_padding', index: text.length - 1 };
  }
  return { ok: true, bytes };
}
