/**
 * Offline renewal documents for air-gapped customers: new signed terms for an existing license
 * id, as a text file the CRM imports without a network. The body is a sealed body like a key's,
 * under its own signing context, so a renewal can never be pasted as a key (or the reverse).
 */
import { encodeTermsPayload, TermsError } from './payload';
import { checkSignature, decodeBody, malformed, readTerms, sealBody, type Located } from './sealed';
import type { Signer } from './ed25519';
import type { LicenseTerms } from './terms';
import type { TrustedKeySet } from './trusted-keys';

export const RENEWAL_SIGNING_CONTEXT = 'TRAS license renewal v1';
const TAG = 'RNW';
const BEGIN = '-----BEGIN TRAS LICENSE RENEWAL-----';
const END = '-----END TRAS LICENSE RENEWAL-----';
const LINE_GROUPS = 8;

export type RenewalFailureCode = 'malformed' | 'checksum' | 'unknown_key' | 'bad_signature' | 'not_yet_valid' | 'expired' | 'wrong_license';

export type VerifyRenewalResult =
  | { ok: true; terms: LicenseTerms }
  | { ok: false; code: RenewalFailureCode; message: string; position?: number; expiredAt?: Date; terms?: LicenseTerms };

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : 'never (perpetual)');

/** Signs new terms into a renewal document. The header lines are for people; only the body is trusted. */
export function signRenewal(terms: LicenseTerms, signer: Signer): string {
  if (terms.keyId !== signer.keyId) throw new TermsError(`The terms name signing key ${terms.keyId} but the signer is ${signer.keyId}.`);
  const body = sealBody(RENEWAL_SIGNING_CONTEXT, TAG, encodeTermsPayload(terms), signer);
  const groups = body.match(/.{1,5}/g)!;
  const lines: string[] = [];
  for (let i = 0; i < groups.length; i += LINE_GROUPS) lines.push(groups.slice(i, i + LINE_GROUPS).join('-'));
  return [
    BEGIN,
    `License: ${terms.licenseId}`,
    `Customer: ${terms.customer}`,
    `Tier: ${terms.tier}`,
    `Users: ${terms.maxUsers}`,
    `Tenants: ${terms.maxTenants}`,
    `Expires: ${day(terms.expiresAt)}`,
    '',
    ...lines,
    END,
    '',
  ].join('\n');
}

/**
 * Verifies a renewal document: checksum, signing key, signature, validity dates and, when
 * `licenseId` is given, that it renews that license and no other.
 */
export function verifyRenewal(text: string, opts: { trustedKeys: TrustedKeySet; now?: Date; licenseId?: string }): VerifyRenewalResult {
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (begin < 0 || end < begin) return malformed('This is not a Trasealla renewal document (no BEGIN/END lines).');
  const body: Located[] = [];
  let lineStart = begin + BEGIN.length;
  while (lineStart < end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const line = text.slice(lineStart, lineEnd);
    if (!line.includes(':')) {
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (!/\s/.test(ch) && ch !== '-') body.push({ ch: ch.toUpperCase(), at: lineStart + i });
      }
    }
    lineStart = lineEnd + 1;
  }
  const tag = [...TAG].map((ch) => ({ ch, at: begin }));
  const decoded = decodeBody(tag, body, 20);
  if (!decoded.ok)
    return { ...decoded, message: decoded.message.replaceAll('The key', 'The renewal document').replaceAll('the email', 'the file') };
  const read = readTerms(decoded.decoded);
  if (!read.ok) return read;
  const refused = checkSignature(RENEWAL_SIGNING_CONTEXT, TAG, decoded.decoded, read.terms.keyId, opts.trustedKeys);
  if (refused) {
    return refused.code === 'bad_signature' ? { ...refused, message: 'This renewal document was not signed by Trasealla.' } : refused;
  }
  const terms = read.terms;
  if (opts.licenseId !== undefined && terms.licenseId !== opts.licenseId) {
    return { ok: false, code: 'wrong_license', message: `This renewal is for license ${terms.licenseId}, not ${opts.licenseId}.`, terms };
  }
  const now = opts.now ?? new Date();
  if (terms.notBefore && now < terms.notBefore) {
    return { ok: false, code: 'not_yet_valid', message: `This renewal is valid from ${day(terms.notBefore)}.`, terms };
  }
  if (terms.expiresAt && now >= terms.expiresAt) {
    return { ok: false, code: 'expired', message: `This renewal expired on ${day(terms.expiresAt)}.`, expiredAt: terms.expiresAt, terms };
  }
  return { ok: true, terms };
}
