/**
 * A sealed body: payload || Ed25519 signature (64 bytes) || CRC-16 (2 bytes), written in
 * Crockford base32. Keys and renewal documents are both sealed bodies behind different text
 * wrappers and different signing contexts. Opening one checks, in this order and cheapest
 * first: characters and length, the typo checksum, the payload, the key id, the signature.
 */
import { decodeCrockford, encodeCrockford } from './base32';
import { crc16, locateTypo, TIER_BYTES } from './checksum';
import { signBytes, verifyBytes, SIGNATURE_BYTES, type Signer } from './ed25519';
import { decodeTermsPayload, PayloadError, payloadVersion } from './payload';
import type { LicenseTerms } from './terms';
import { trustedPublicKey, type TrustedKeySet } from './trusted-keys';

/** One character of the input and its 0-based index in the text as the user gave it. */
export interface Located {
  ch: string;
  at: number;
}

export type OpenFailureCode = 'malformed' | 'checksum' | 'unknown_key' | 'bad_signature';

export interface OpenFailure {
  ok: false;
  code: OpenFailureCode;
  message: string;
  /** 1-based character position in the text as given. */
  position?: number;
}

export const typoMessage = (position?: number) =>
  position === undefined
    ? 'The key looks mistyped. Copy it again from the email.'
    : `The key looks mistyped near character ${position}. Copy it again from the email.`;

export const malformed = (message: string, position?: number): OpenFailure =>
  position === undefined ? { ok: false, code: 'malformed', message } : { ok: false, code: 'malformed', message, position };

export const checksumFailure = (position?: number): OpenFailure =>
  position === undefined
    ? { ok: false, code: 'checksum', message: typoMessage() }
    : { ok: false, code: 'checksum', message: typoMessage(position), position };

function signedMessage(context: string, tag: string, payload: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(`${context}\0${tag}\0`);
  const out = new Uint8Array(head.length + payload.length);
  out.set(head);
  out.set(payload, head.length);
  return out;
}

const ascii = (s: string) => new TextEncoder().encode(s);

/** Signs and encodes; returns the base32 body without grouping. */
export function sealBody(context: string, tag: string, payload: Uint8Array, signer: Signer): string {
  if (tag.length !== TIER_BYTES) throw new RangeError('The tag is three ASCII letters.');
  const signature = signBytes(signedMessage(context, tag, payload), signer);
  const crc = crc16(ascii(tag), payload, signature);
  const body = new Uint8Array(payload.length + SIGNATURE_BYTES + 2);
  body.set(payload);
  body.set(signature, payload.length);
  body[body.length - 2] = crc >>> 8;
  body[body.length - 1] = crc & 0xff;
  return encodeCrockford(body);
}

export interface DecodedBody {
  payload: Uint8Array;
  signature: Uint8Array;
}

/** Decodes the body characters and checks the typo checksum; no cryptography yet. */
export function decodeBody(tag: Located[], body: Located[], minPayload: number): { ok: true; decoded: DecodedBody } | OpenFailure {
  const decoded = decodeCrockford(body.map((c) => c.ch).join(''));
  if (!decoded.ok) {
    const where = body[decoded.index]?.at;
    const pos = where === undefined ? undefined : where + 1;
    if (decoded.reason === 'bad_char') {
      return malformed(
        `The key contains "${body[decoded.index]!.ch}" at character ${pos}, which cannot appear in a key. Copy it again from the email.`,
        pos,
      );
    }
    if (decoded.reason === 'nonzero_padding') return checksumFailure(pos);
    return malformed('The key is incomplete or has extra characters. Copy it again from the email.');
  }
  const bytes = decoded.bytes;
  if (bytes.length < minPayload + SIGNATURE_BYTES + 2) {
    return malformed('The key is too short: part of it is missing. Copy it again from the email.');
  }
  const data = bytes.subarray(0, bytes.length - 2);
  const stored = (bytes[bytes.length - 2]! << 8) | bytes[bytes.length - 1]!;
  const tagBytes = ascii(tag.map((c) => c.ch).join(''));
  if (tagBytes.length !== TIER_BYTES) return malformed('The key does not start with TRAS-, a tier and a dash.');
  const computed = crc16(tagBytes, data);
  if (computed !== stored) {
    const where = locateTypo(computed ^ stored, data.length, body.length);
    if (!where) return checksumFailure();
    const located = where.area === 'tier' ? tag[where.index] : body[where.index];
    return checksumFailure(located ? located.at + 1 : undefined);
  }
  return {
    ok: true,
    decoded: { payload: data.subarray(0, data.length - SIGNATURE_BYTES), signature: data.subarray(data.length - SIGNATURE_BYTES) },
  };
}

/** Decodes the terms from a checksum-clean body (no trust decision yet). */
export function readTerms(decoded: DecodedBody): { ok: true; terms: LicenseTerms } | OpenFailure {
  try {
    return { ok: true, terms: decodeTermsPayload(decoded.payload) };
  } catch (e) {
    if (!(e instanceof PayloadError)) throw e;
    const version = payloadVersion(decoded.payload);
    if (version !== undefined && version > 1) {
      return malformed(`This key uses format version ${version}, which this build cannot read. Upgrade Trasealla CRM.`);
    }
    return malformed(`The key cannot be read: ${e.message}`);
  }
}

/** Finds the signing key among the trusted ones and checks the signature; null when both pass. */
export function checkSignature(
  context: string,
  tag: string,
  decoded: DecodedBody,
  keyId: string,
  trustedKeys: TrustedKeySet,
): OpenFailure | null {
  const publicKey = trustedPublicKey(trustedKeys, keyId);
  if (!publicKey) {
    return {
      ok: false,
      code: 'unknown_key',
      message: `This key was signed with signing key ${keyId}, which this build does not know yet. Upgrade Trasealla CRM.`,
    };
  }
  if (!verifyBytes(signedMessage(context, tag, decoded.payload), decoded.signature, publicKey)) {
    return { ok: false, code: 'bad_signature', message: 'This key was not signed by Trasealla.' };
  }
  return null;
}
