import nacl from 'tweetnacl';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CROCKFORD_ALPHABET,
  decodeCrockford,
  encodeCrockford,
  generateSigningKeyPair,
  signKey,
  trustedKeySetOf,
  verifyKey,
} from '../../licensing/key';
import { crc16 } from '../../licensing/key/checksum';
import { devSigningKeyPair } from '../../licensing/key/dev-keypair';
import { sampleTerms } from './helpers/terms';

const dev = devSigningKeyPair();
const trusted = trustedKeySetOf(dev.publicKey);
const now = new Date('2026-06-01T00:00:00Z');
const key = signKey(sampleTerms(dev.keyId), dev);
const BODY_START = 'TRAS-ENT-'.length;

/** Rebuilds key text from (possibly altered) body bytes, in the canonical grouping. */
function keyFromBytes(bytes: Uint8Array, fixChecksum: boolean): string {
  const copy = Uint8Array.from(bytes);
  if (fixChecksum) {
    const crc = crc16(new TextEncoder().encode('ENT'), copy.subarray(0, copy.length - 2));
    copy[copy.length - 2] = crc >>> 8;
    copy[copy.length - 1] = crc & 0xff;
  }
  return `TRAS-ENT-${encodeCrockford(copy)
    .match(/.{1,5}/g)!
    .join('-')}`;
}

function bodyBytes(text: string): Uint8Array {
  const decoded = decodeCrockford(text.slice(BODY_START).replaceAll('-', ''));
  if (!decoded.ok) throw new Error('sample key does not decode');
  return decoded.bytes;
}

afterEach(() => vi.restoreAllMocks());

describe('tamper fuzz on a valid key', () => {
  it('the untouched key verifies (the baseline the fuzz departs from)', () => {
    expect(verifyKey(key, { trustedKeys: trusted, now })).toMatchObject({ ok: true });
  });

  it('refuses every single-character substitution at every position as a checksum failure, without running the signature', () => {
    const verify = vi.spyOn(nacl.sign.detached, 'verify');
    let tried = 0;
    let exactPosition = 0;
    const misreported: string[] = [];
    for (let i = 0; i < key.length; i++) {
      for (const ch of CROCKFORD_ALPHABET) {
        if (ch === key[i]) continue;
        const tampered = key.slice(0, i) + ch + key.slice(i + 1);
        const result = verifyKey(tampered, { trustedKeys: trusted, now });
        tried++;
        if (result.ok || result.code !== 'checksum') misreported.push(`${i}:${ch}:${result.ok ? 'ok' : result.code}`);
        else if (result.position === i + 1) exactPosition++;
      }
    }
    expect(misreported).toEqual([]);
    expect(tried).toBe(key.length * 31 + [...key].filter((c) => !CROCKFORD_ALPHABET.includes(c)).length);
    expect(verify).not.toHaveBeenCalled();
    // "Near": with a 16-bit syndrome another position can explain the same error by chance.
    expect(exactPosition / tried).toBeGreaterThan(0.97);
  });

  it('refuses every single-bit flip of the decoded bytes (as a checksum failure)', () => {
    const bytes = bodyBytes(key);
    const codes = new Set<string>();
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Uint8Array.from(bytes);
      flipped[bit >> 3]! ^= 0x80 >> (bit & 7);
      const result = verifyKey(keyFromBytes(flipped, false), { trustedKeys: trusted, now });
      expect(result.ok, `bit ${bit}`).toBe(false);
      if (!result.ok) codes.add(result.code);
    }
    expect([...codes]).toEqual(['checksum']);
  });

  it('refuses every single-bit flip even when the forger also fixes the checksum (the signature covers every bit)', () => {
    const bytes = bodyBytes(key);
    const codes = new Map<string, number>();
    const payloadBits = (bytes.length - 2 - 64) * 8;
    // Every payload bit; one bit per signature byte (tweetnacl verifies ~100 keys/s, so all 512 would cost seconds).
    const bits = [...Array(payloadBits).keys(), ...Array.from({ length: 64 }, (_, b) => payloadBits + b * 8 + (b % 8))];
    for (const bit of bits) {
      const flipped = Uint8Array.from(bytes);
      flipped[bit >> 3]! ^= 0x80 >> (bit & 7);
      const result = verifyKey(keyFromBytes(flipped, true), { trustedKeys: trusted, now });
      expect(result.ok, `bit ${bit}`).toBe(false);
      if (!result.ok) {
        expect(result.code).not.toBe('checksum');
        codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
      }
    }
    // Signature bits and most payload bits end at the signature; key-id bits at unknown_key.
    expect(codes.get('bad_signature')).toBeGreaterThan(64);
    expect(codes.get('unknown_key')).toBeGreaterThan(0);
  });

  it('refuses a key with a correct checksum signed outside the trusted set: unknown key id → unknown_key', () => {
    const stranger = generateSigningKeyPair();
    const forged = signKey(sampleTerms(stranger.keyId), stranger);
    const result = verifyKey(forged, { trustedKeys: trusted, now });
    expect(result).toMatchObject({ ok: false, code: 'unknown_key' });
    expect(!result.ok && result.message).toBe(
      `This key was signed with signing key ${stranger.keyId}, which this build does not know yet. Upgrade Trasealla CRM.`,
    );
  });

  it('refuses a key claiming a trusted key id but signed by another key → bad_signature', () => {
    const stranger = generateSigningKeyPair();
    const forged = signKey(sampleTerms(dev.keyId), { keyId: dev.keyId, secretKey: stranger.secretKey });
    expect(verifyKey(forged, { trustedKeys: trusted, now })).toEqual({
      ok: false,
      code: 'bad_signature',
      message: 'This key was not signed by Trasealla.',
    });
  });

  it('points a typo at its character in the text as pasted (with spaces and line breaks)', () => {
    const i = 56;
    const typo = key.slice(0, i) + (key[i] === 'A' ? 'B' : 'A') + key.slice(i + 1);
    const pasted = `  ${typo.slice(0, 100)}\n${typo.slice(100)}  `;
    const result = verifyKey(pasted, { trustedKeys: trusted, now });
    expect(result).toMatchObject({ ok: false, code: 'checksum', position: i + 3 });
    expect(!result.ok && result.message).toBe(`The key looks mistyped near character ${i + 3}. Copy it again from the email.`);
  });
});
