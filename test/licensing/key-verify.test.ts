import { describe, expect, it } from 'vitest';
import {
  MAX_KEY_LENGTH,
  TermsError,
  decodeKeyUnverified,
  defaultTrustedKeys,
  generateSigningKeyPair,
  keyIdFor,
  signKey,
  trustedKeySetOf,
  verifyKey,
} from '../../licensing/key';
import { devSigningKeyPair } from '../../licensing/key/dev-keypair';
import { PRODUCTION_PUBLIC_KEYS_HEX } from '../../licensing/key/production-keys';
import { fixedClock } from '../../platform/clock';
import { sampleTerms } from './helpers/terms';

const dev = devSigningKeyPair();
const trusted = trustedKeySetOf(dev.publicKey);

describe('verifyKey: validity dates against an injected clock', () => {
  const clock = fixedClock(new Date('2026-01-01T00:00:00Z'));
  const key = signKey(
    sampleTerms(dev.keyId, { notBefore: new Date('2026-02-01T00:00:00Z'), expiresAt: new Date('2027-02-01T00:00:00Z') }),
    dev,
  );

  it('is not yet valid before notBefore, and says from when', () => {
    clock.set(new Date('2026-01-31T23:59:59Z'));
    const result = verifyKey(key, { trustedKeys: trusted, now: clock.now() });
    expect(result).toMatchObject({ ok: false, code: 'not_yet_valid', message: 'This key is valid from 2026-02-01.' });
    expect(!result.ok && result.terms?.licenseId).toBe('lic_0123456789ABCDEF');
  });

  it('is valid from notBefore until just before expiry', () => {
    for (const at of ['2026-02-01T00:00:00Z', '2027-01-31T23:59:59Z']) {
      clock.set(new Date(at));
      expect(verifyKey(key, { trustedKeys: trusted, now: clock.now() }).ok, at).toBe(true);
    }
  });

  it('is expired from expiresAt on, with the date', () => {
    clock.set(new Date('2027-02-01T00:00:00Z'));
    const result = verifyKey(key, { trustedKeys: trusted, now: clock.now() });
    expect(result).toMatchObject({ ok: false, code: 'expired', message: 'This key expired on 2027-02-01.' });
    expect(!result.ok && result.expiredAt?.toISOString()).toBe('2027-02-01T00:00:00.000Z');
  });

  it('a perpetual key never expires', () => {
    const perpetual = signKey(sampleTerms(dev.keyId, { expiresAt: null, policy: { mode: 'air-gapped' } }), dev);
    const result = verifyKey(perpetual, { trustedKeys: trusted, now: new Date('2099-12-31T00:00:00Z') });
    expect(result.ok && result.terms.expiresAt).toBeNull();
    expect(result.ok && result.terms.policy).toEqual({ mode: 'air-gapped' });
  });
});

describe('signing key rotation', () => {
  const old = generateSigningKeyPair();
  const next = generateSigningKeyPair();
  const oldKey = signKey(sampleTerms(old.keyId), old);
  const newKey = signKey(sampleTerms(next.keyId), next);
  const now = new Date('2026-06-01T00:00:00Z');

  it('a key signed under an older key id still verifies once a new key id is added', () => {
    const before = trustedKeySetOf(old.publicKey);
    const after = trustedKeySetOf(old.publicKey, next.publicKey);
    expect(verifyKey(oldKey, { trustedKeys: before, now }).ok).toBe(true);
    expect(verifyKey(newKey, { trustedKeys: before, now })).toMatchObject({ ok: false, code: 'unknown_key' });
    expect(verifyKey(oldKey, { trustedKeys: after, now }).ok).toBe(true);
    expect(verifyKey(newKey, { trustedKeys: after, now }).ok).toBe(true);
  });

  it('withdrawing trust in a key id refuses its keys and keeps the others', () => {
    const withdrawn = trustedKeySetOf(next.publicKey);
    expect(verifyKey(oldKey, { trustedKeys: withdrawn, now })).toMatchObject({ ok: false, code: 'unknown_key' });
    expect(verifyKey(newKey, { trustedKeys: withdrawn, now }).ok).toBe(true);
  });

  it('accepts a plain record as the trusted set too', () => {
    expect(verifyKey(oldKey, { trustedKeys: { [old.keyId]: old.publicKey }, now }).ok).toBe(true);
  });
});

describe('the build’s trusted keys', () => {
  it('a non-production build trusts the production keys and the development key', () => {
    const keys = defaultTrustedKeys(false);
    expect([...keys.keys()].sort()).toEqual([...Object.keys(PRODUCTION_PUBLIC_KEYS_HEX), dev.keyId].sort());
  });

  it('a production build does not trust the development key, so dev-signed keys are refused', () => {
    const keys = defaultTrustedKeys(true);
    expect(keys.has(dev.keyId)).toBe(false);
    const key = signKey(sampleTerms(dev.keyId), dev);
    expect(verifyKey(key, { trustedKeys: keys, now: new Date('2026-06-01') })).toMatchObject({ ok: false, code: 'unknown_key' });
  });

  it('production key ids are the ids their public keys derive', () => {
    for (const [id, hex] of Object.entries(PRODUCTION_PUBLIC_KEYS_HEX)) {
      expect(keyIdFor(Uint8Array.from(Buffer.from(hex, 'hex')))).toBe(id);
    }
  });
});

describe('key text tolerance and limits', () => {
  const key = signKey(sampleTerms(dev.keyId), dev);
  const now = new Date('2026-06-01T00:00:00Z');

  it('accepts lower case, spaces, line breaks, no body dashes and Crockford aliases', () => {
    const body = key.slice('TRAS-ENT-'.length);
    const variants = [
      key.toLowerCase(),
      `  ${key.slice(0, 40)}\n  ${key.slice(40, 120)}\r\n${key.slice(120)}\n`,
      `TRAS-ENT-${body.replaceAll('-', '')}`,
      `TRAS-ENT-${body.replaceAll('1', 'l').replaceAll('0', 'O')}`,
      `TRAS-ENT-${body.replaceAll('1', 'I').replaceAll('0', 'o')}`,
    ];
    for (const v of variants) expect(verifyKey(v, { trustedKeys: trusted, now }).ok, v).toBe(true);
  });

  it('names what is wrong with text that is not a key', () => {
    const cases: [string, string][] = [
      ['', 'malformed'],
      ['hello world', 'malformed'],
      ['TRAS-ENT-', 'malformed'],
      [key.slice(0, 150), 'malformed'],
      [`${key}X`, 'malformed'],
      // A wrong tier letter is a typo: the checksum covers the tier.
      [key.replace('TRAS-ENT', 'TRAS-UNT'), 'checksum'],
    ];
    for (const [text, code] of cases) expect(verifyKey(text, { trustedKeys: trusted, now }), text).toMatchObject({ ok: false, code });
    // U is not in Crockford's alphabet: named, with its position (index 21 is inside a group).
    expect(verifyKey(key.slice(0, 21) + 'U' + key.slice(22), { trustedKeys: trusted, now })).toMatchObject({
      ok: false,
      code: 'malformed',
      position: 22,
    });
  });

  it('stays under the length budget with a long customer name, and refuses to write an over-long key', () => {
    const long = signKey(sampleTerms(dev.keyId, { customer: 'x'.repeat(48), features: ['api', 'sso', 'white_label'] }), dev);
    expect(long.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(() => signKey(sampleTerms(dev.keyId, { customer: 'x'.repeat(48), instanceId: 'i'.repeat(40) }), dev)).toThrow(TermsError);
    expect(() => signKey(sampleTerms(dev.keyId, { customer: 'x'.repeat(49) }), dev)).toThrow(TermsError);
    expect(() => signKey(sampleTerms(dev.keyId, { features: ['teleport' as never] }), dev)).toThrow(/Unknown feature/);
  });

  it('decodeKeyUnverified shows the terms of a key no build trusts, and still refuses typos', () => {
    const stranger = generateSigningKeyPair();
    const foreign = signKey(sampleTerms(stranger.keyId, { customer: 'Other Co' }), stranger);
    const shown = decodeKeyUnverified(foreign);
    expect(shown.ok && shown.terms.customer).toBe('Other Co');
    const typo = foreign.slice(0, 30) + (foreign[30] === 'Z' ? 'Y' : 'Z') + foreign.slice(31);
    expect(decodeKeyUnverified(typo)).toMatchObject({ ok: false, code: 'checksum' });
  });
});
