/**
 * The license service's signed answer to `POST /v1/licenses/validate`. The signature covers the
 * canonical encoding of the whole answer, so every field (status, terms, nonce, time) is bound.
 */
import { base64ToBytes, bytesToBase64 } from './base64';
import { canonicalEncode } from './canonical';
import { signBytes, verifyBytes, type Signer } from './ed25519';
import type { LicenseTermsJson } from './terms-json';
import { trustedPublicKey, type TrustedKeySet } from './trusted-keys';

export const VALIDATION_SIGNING_CONTEXT = 'TRAS validation answer v1';
export const VALIDATION_STATUSES = ['valid', 'expired', 'revoked', 'suspended', 'over_seats'] as const;
export type ValidationStatus = (typeof VALIDATION_STATUSES)[number];

export interface ValidationAnswer {
  licenseId: string;
  instanceId: string;
  status: ValidationStatus;
  /** The current terms: renewed terms extend the license with no new key. */
  terms: LicenseTermsJson;
  /** ISO time the instance should check again. */
  nextCheckAt: string;
  /** Echo of the caller's nonce: binds the answer to one request. */
  nonce: string;
  /** ISO time on the service's clock when it answered. */
  serverTime: string;
  /** A plain sentence for operators (e.g. the revocation reason), when there is one. */
  message?: string;
}

export interface SignedValidationAnswer {
  answer: ValidationAnswer;
  keyId: string;
  /** Base64 Ed25519 signature over context, NUL, canonicalEncode(answer). */
  signature: string;
}

function messageFor(answer: unknown): Uint8Array {
  return new TextEncoder().encode(`${VALIDATION_SIGNING_CONTEXT}\0${canonicalEncode(answer)}`);
}

export function signValidationResponse(answer: ValidationAnswer, signer: Signer): SignedValidationAnswer {
  return { answer, keyId: signer.keyId, signature: bytesToBase64(signBytes(messageFor(answer), signer)) };
}

/**
 * Checks the shape and the signature of an answer received as untrusted JSON. Nonce, identity and
 * freshness are the caller's to check (licensing/client does).
 */
export function verifyValidationSignature(
  body: unknown,
  trustedKeys: TrustedKeySet,
): { ok: true; signed: SignedValidationAnswer } | { ok: false; reason: string } {
  if (typeof body !== 'object' || body === null) return { ok: false, reason: 'the answer is not a JSON object' };
  const { answer, keyId, signature } = body as Record<string, unknown>;
  if (typeof answer !== 'object' || answer === null || typeof keyId !== 'string' || typeof signature !== 'string') {
    return { ok: false, reason: 'the answer is not a signed validation answer' };
  }
  const publicKey = trustedPublicKey(trustedKeys, keyId);
  if (!publicKey) return { ok: false, reason: `the answer is signed with key ${keyId}, which this build does not trust` };
  const sig = base64ToBytes(signature);
  let message: Uint8Array;
  try {
    message = messageFor(answer);
  } catch {
    return { ok: false, reason: 'the answer contains values that cannot be signed' };
  }
  if (!sig || !verifyBytes(message, sig, publicKey)) return { ok: false, reason: 'the answer signature is not valid' };
  return { ok: true, signed: body as SignedValidationAnswer };
}
