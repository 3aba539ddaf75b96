import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  bytesToHex,
  canonicalEncode,
  hexToBytes,
  signKey,
  signRenewal,
  signValidationResponse,
  signingKeyPairFromSeed,
  termsFromJson,
  termsToJson,
  trustedKeySetOf,
  verifyKey,
  verifyRenewal,
  verifyValidationSignature,
  type ValidationAnswer,
} from '../../licensing/key';

/** The vectors are read from the spec itself, so the doc and the code cannot drift apart. */
function vectorsFromDoc() {
  const doc = readFileSync(new URL('../../docs/license-key.md', import.meta.url), 'utf8');
  const match = /<!-- test-vectors:begin -->\s*```json\n([\s\S]*?)```\s*<!-- test-vectors:end -->/.exec(doc);
  if (!match) throw new Error('docs/license-key.md has no test-vectors block');
  return JSON.parse(match[1]!) as {
    seedHex: string;
    publicKeyHex: string;
    keyId: string;
    keys: { name: string; terms: unknown; key: string }[];
    renewal: { terms: unknown; document: string };
    validationAnswer: { answer: ValidationAnswer; canonical: string; keyId: string; signature: string };
  };
}

const vectors = vectorsFromDoc();
const pair = signingKeyPairFromSeed(hexToBytes(vectors.seedHex));
const trusted = trustedKeySetOf(pair.publicKey);

describe('docs/license-key.md test vectors', () => {
  it('derive the public key and key id from the seed', () => {
    expect(bytesToHex(pair.publicKey)).toBe(vectors.publicKeyHex);
    expect(pair.keyId).toBe(vectors.keyId);
  });

  it.each(vectors.keys.map((v) => [v.name, v] as const))('signs %s into exactly the documented text, which verifies back', (_name, v) => {
    const terms = termsFromJson(v.terms);
    expect(signKey(terms, pair)).toBe(v.key);
    const result = verifyKey(v.key, { trustedKeys: trusted, now: new Date('2026-06-01T00:00:00Z') });
    expect(result.ok && termsToJson(result.terms)).toEqual(v.terms);
  });

  it('signs the renewal terms into exactly the documented document', () => {
    const terms = termsFromJson(vectors.renewal.terms);
    expect(signRenewal(terms, pair)).toBe(vectors.renewal.document);
    const result = verifyRenewal(vectors.renewal.document, { trustedKeys: trusted, now: new Date('2027-06-01T00:00:00Z') });
    expect(result.ok && termsToJson(result.terms)).toEqual(vectors.renewal.terms);
  });

  it('encodes and signs the validation answer exactly as documented', () => {
    const v = vectors.validationAnswer;
    expect(canonicalEncode(v.answer)).toBe(v.canonical);
    expect(signValidationResponse(v.answer, pair)).toEqual({ answer: v.answer, keyId: v.keyId, signature: v.signature });
    expect(verifyValidationSignature({ answer: v.answer, keyId: v.keyId, signature: v.signature }, trusted).ok).toBe(true);
  });
});
