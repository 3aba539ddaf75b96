/**
 * The license key text: `TRAS-<TIER>-<body in 5-character groups>`. See docs/license-key.md.
 */
import { encodeTermsPayload, TermsError } from './payload';
import { checkSignature, checksumFailure, decodeBody, malformed, readTerms, sealBody, type Located, type OpenFailure } from './sealed';
import type { Signer } from './ed25519';
import { isTier, type LicenseTerms } from './terms';
import type { TrustedKeySet } from './trusted-keys';

/** Domain separation: a key signature can never pass as a renewal or validation signature. */
export const KEY_SIGNING_CONTEXT = 'TRAS license key v1';
export const MAX_KEY_LENGTH = 300;
const GROUP = 5;
const MAGIC = 'TRAS-';
const MIN_PAYLOAD = 20;

export type KeyFailureCode = 'malformed' | 'checksum' | 'unknown_key' | 'bad_signature' | 'not_yet_valid' | 'expired';

export type VerifyKeyResult =
  | { ok: true; terms: LicenseTerms }
  | {
      ok: false;
      code: KeyFailureCode;
      message: string;
      /** 1-based character position of a probable typo, in the text as given. */
      position?: number;
      expiredAt?: Date;
      /** The verified terms, for not_yet_valid and expired (so the caller can show them). */
      terms?: LicenseTerms;
    };

export function groupBody(body: string): string {
  return body.match(new RegExp(`.{1,${GROUP}}`, 'g'))!.join('-');
}

/** Signs terms into key text. Throws TermsError when the terms cannot be encoded or the key would be too long. */
export function signKey(terms: LicenseTerms, signer: Signer): string {
  if (terms.keyId !== signer.keyId) throw new TermsError(`The terms name signing key ${terms.keyId} but the signer is ${signer.keyId}.`);
  const payload = encodeTermsPayload(terms);
  const text = `${MAGIC}${terms.tier}-${groupBody(sealBody(KEY_SIGNING_CONTEXT, terms.tier, payload, signer))}`;
  if (text.length > MAX_KEY_LENGTH) {
    throw new TermsError(
      `The key would be ${text.length} characters (at most ${MAX_KEY_LENGTH}). Shorten the customer name or the instance id.`,
    );
  }
  return text;
}

type Parsed = { ok: true; tier: Located[]; body: Located[] } | OpenFailure;

/**
 * Splits the text into tier and body characters, remembering where each came from so a typo can
 * be pointed at. Whitespace anywhere is ignored and case does not matter. Body dashes are
 * optional, but when present they must sit between 5-character groups: a letter where a dash
 * belongs (or the reverse) is a typo and is reported as one.
 */
function parseKeyText(text: string): Parsed {
  const chars: Located[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (!/\s/.test(ch)) chars.push({ ch: ch.toUpperCase(), at: i });
  }
  if (chars.length === 0) return malformed('No license key was given.');
  if (chars.length > MAX_KEY_LENGTH + 100) return malformed('This is too long to be a Trasealla license key.');
  const keyShaped = chars.length > MAGIC.length + 4 + 60;
  const magicMisses = [...MAGIC].flatMap((m, i) => (chars[i]?.ch === m ? [] : [i]));
  if (magicMisses.length > 0) {
    // One wrong character in an otherwise key-shaped text is a typo, not a different thing.
    if (magicMisses.length === 1 && keyShaped) return checksumFailure(chars[magicMisses[0]!]!.at + 1);
    return malformed('This is not a Trasealla license key: a key starts with TRAS-.');
  }
  const tier = chars.slice(5, 8);
  if (tier.length < 3) return malformed('The key ends too early. Copy it again from the email.');
  const separator = chars[8];
  if (separator?.ch !== '-') {
    if (separator && keyShaped) return checksumFailure(separator.at + 1);
    return malformed('A key reads TRAS-, the tier (TRL, STR, PRO or ENT), a dash, then the rest.');
  }
  const rest = chars.slice(9);
  const body: Located[] = [];
  if (rest.some((c) => c.ch === '-')) {
    for (let k = 0; k < rest.length; k++) {
      const c = rest[k]!;
      const dashBelongs = k % (GROUP + 1) === GROUP;
      if ((c.ch === '-') !== dashBelongs || (c.ch === '-' && k === rest.length - 1)) return checksumFailure(c.at + 1);
      if (!dashBelongs) body.push(c);
    }
  } else {
    body.push(...rest);
  }
  return { ok: true, tier, body };
}

/** Checks everything but validity dates; `trustedKeys` null skips the signature (display only). */
function openKey(text: string, trustedKeys: TrustedKeySet | null): { ok: true; terms: LicenseTerms } | OpenFailure {
  const parsed = parseKeyText(text);
  if (!parsed.ok) return parsed;
  const decoded = decodeBody(parsed.tier, parsed.body, MIN_PAYLOAD);
  if (!decoded.ok) return decoded;
  const tier = parsed.tier.map((c) => c.ch).join('');
  // The checksum passed, so an unknown tier was written that way, not mistyped.
  if (!isTier(tier)) return malformed(`"${tier}" is not a Trasealla tier (TRL, STR, PRO or ENT).`);
  const read = readTerms(decoded.decoded);
  if (!read.ok) return read;
  if (trustedKeys !== null) {
    const refused = checkSignature(KEY_SIGNING_CONTEXT, tier, decoded.decoded, read.terms.keyId, trustedKeys);
    if (refused) return refused;
  }
  if (read.terms.tier !== tier) return malformed('The tier in the key text does not match the tier inside the key.');
  return read;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** Verifies a key offline: format, checksum, signing key, signature, then validity dates against `now`. */
export function verifyKey(text: string, opts: { trustedKeys: TrustedKeySet; now?: Date }): VerifyKeyResult {
  const opened = openKey(text, opts.trustedKeys);
  if (!opened.ok) return opened;
  const { terms } = opened;
  const now = opts.now ?? new Date();
  if (terms.notBefore && now < terms.notBefore) {
    return { ok: false, code: 'not_yet_valid', message: `This key is valid from ${day(terms.notBefore)}.`, terms };
  }
  if (terms.expiresAt && now >= terms.expiresAt) {
    return { ok: false, code: 'expired', message: `This key expired on ${day(terms.expiresAt)}.`, expiredAt: terms.expiresAt, terms };
  }
  return { ok: true, terms };
}

export type DecodeKeyResult = { ok: true; terms: LicenseTerms } | OpenFailure;

/**
 * Reads the terms WITHOUT checking the signature, for display only ("what did the customer
 * paste?"). Never base a decision on its result; use verifyKey.
 */
export function decodeKeyUnverified(text: string): DecodeKeyResult {
  return openKey(text, null);
}
