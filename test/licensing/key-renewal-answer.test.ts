import { describe, expect, it } from 'vitest';
import {
  canonicalEncode,
  generateSigningKeyPair,
  signKey,
  signRenewal,
  signValidationResponse,
  termsToJson,
  trustedKeySetOf,
  verifyKey,
  verifyRenewal,
  verifyValidationSignature,
  type ValidationAnswer,
} from '../../licensing/key';
import { devSigningKeyPair } from '../../licensing/key/dev-keypair';
import { sampleTerms } from './helpers/terms';

const dev = devSigningKeyPair();
const trusted = trustedKeySetOf(dev.publicKey);
const now = new Date('2026-06-01T00:00:00Z');

describe('offline renewal documents', () => {
  const renewed = sampleTerms(dev.keyId, { expiresAt: new Date('2028-01-01T00:00:00Z'), policy: { mode: 'air-gapped' } });
  const doc = signRenewal(renewed, dev);

  it('verifies for its license id and carries the new terms', () => {
    const result = verifyRenewal(doc, { trustedKeys: trusted, now, licenseId: 'lic_0123456789ABCDEF' });
    expect(result.ok && result.terms.expiresAt?.toISOString()).toBe('2028-01-01T00:00:00.000Z');
  });

  it('is refused for another license id', () => {
    expect(verifyRenewal(doc, { trustedKeys: trusted, now, licenseId: 'lic_ZZZZZZZZZZZZZZZZ' })).toMatchObject({
      ok: false,
      code: 'wrong_license',
    });
  });

  it('ignores edits to the human header but refuses any edit to the body', () => {
    const edited = doc.replace('Users: 250', 'Users: 9999');
    expect(verifyRenewal(edited, { trustedKeys: trusted, now }).ok).toBe(true);
    const lines = doc.split('\n');
    const bodyLine = lines.findIndex((l) => /^[0-9A-Z]{5}-/.test(l));
    const line = lines[bodyLine]!;
    lines[bodyLine] = (line[3] === 'A' ? 'B' : 'A').padStart(4, line.slice(0, 3)) + line.slice(4);
    expect(verifyRenewal(lines.join('\n'), { trustedKeys: trusted, now })).toMatchObject({ ok: false, code: 'checksum' });
  });

  it('is refused when signed by a key outside the trusted set', () => {
    const stranger = generateSigningKeyPair();
    const forged = signRenewal({ ...renewed, keyId: stranger.keyId }, stranger);
    expect(verifyRenewal(forged, { trustedKeys: trusted, now })).toMatchObject({ ok: false, code: 'unknown_key' });
    const claimed = signRenewal(renewed, { keyId: dev.keyId, secretKey: stranger.secretKey });
    expect(verifyRenewal(claimed, { trustedKeys: trusted, now })).toMatchObject({ ok: false, code: 'bad_signature' });
  });

  it('cannot be pasted as a key, nor a key body used as a renewal (separate signing contexts)', () => {
    const key = signKey(renewed, dev);
    const body = key.slice('TRAS-ENT-'.length);
    const keyAsRenewal = `-----BEGIN TRAS LICENSE RENEWAL-----\n\n${body}\n-----END TRAS LICENSE RENEWAL-----\n`;
    expect(verifyRenewal(keyAsRenewal, { trustedKeys: trusted, now }).ok).toBe(false);
    const renewalBody = doc
      .split('\n')
      .filter((l) => /^[0-9A-Z-]+$/.test(l) && !l.startsWith('-----'))
      .join('')
      .replaceAll('-', '');
    expect(verifyKey(`TRAS-ENT-${renewalBody}`, { trustedKeys: trusted, now }).ok).toBe(false);
  });
});

describe('signed validation answers', () => {
  const answer: ValidationAnswer = {
    licenseId: 'lic_0123456789ABCDEF',
    instanceId: 'ins_1',
    status: 'valid',
    terms: termsToJson(sampleTerms(dev.keyId)),
    nextCheckAt: '2026-06-08T00:00:00.000Z',
    nonce: 'abc',
    serverTime: now.toISOString(),
  };

  it('canonicalEncode sorts keys at every depth and drops undefined', () => {
    expect(canonicalEncode({ b: 1, a: { d: [true, null], c: 'x' }, u: undefined })).toBe('{"a":{"c":"x","d":[true,null]},"b":1}');
    expect(() => canonicalEncode({ at: new Date() })).toThrow(TypeError);
    expect(() => canonicalEncode({ n: Number.NaN })).toThrow(TypeError);
  });

  it('verifies whatever the key order and whitespace of the JSON in transit', () => {
    const signed = signValidationResponse(answer, dev);
    const reordered = JSON.parse(
      JSON.stringify({ signature: signed.signature, keyId: signed.keyId, answer: { ...signed.answer } }, null, 2),
    );
    expect(verifyValidationSignature(reordered, trusted).ok).toBe(true);
  });

  it('refuses an answer with any field changed, an unknown key id or a mangled signature', () => {
    const signed = signValidationResponse(answer, dev);
    for (const tampered of [
      { ...signed, answer: { ...answer, status: 'revoked' } },
      { ...signed, answer: { ...answer, terms: { ...answer.terms, maxUsers: 9999 } } },
      { ...signed, answer: { ...answer, extra: 1 } },
      { ...signed, keyId: 'ZZZZZZZZ' },
      { ...signed, signature: signed.signature.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) },
      { ...signed, signature: 'not base64!' },
      null,
      'text',
    ]) {
      expect(verifyValidationSignature(tampered, trusted).ok).toBe(false);
    }
  });
});
