/**
 * The version-1 binary encoding of LicenseTerms. Compact on purpose: JSON would not fit a key
 * under ~300 characters once the 64-byte signature is added. Layout (big-endian):
 *
 *   u8  format version (1)
 *   u8  flags: 1 = has notBefore, 2 = perpetual, 4 = online policy, 8 = instance bound
 *   5B  signing key id (the 8 Crockford characters, decoded)
 *   10B license id (the 16 Crockford characters after `lic_`, decoded)
 *   u8  tier index (TRL, STR, PRO, ENT)
 *   varint max users, varint max tenants, varint feature bitmask (LEB128)
 *   u32 issued at (Unix seconds)
 *   [u32 not before]            when flag 1
 *   [u32 expires at]            unless flag 2
 *   [u8 check interval days, u8 grace days]   when flag 4
 *   [u8 length, ASCII instance id]            when flag 8
 *   u8 length, UTF-8 customer name
 */
import { decodeCrockford, encodeCrockford } from './base32';
import {
  FEATURES,
  FORMAT_VERSION,
  KEY_ID_PATTERN,
  LICENSE_ID_PATTERN,
  LIMITS,
  TIERS,
  isFeature,
  isTier,
  type Feature,
  type LicenseTerms,
} from './terms';

const FLAG_NOT_BEFORE = 1;
const FLAG_PERPETUAL = 2;
const FLAG_ONLINE = 4;
const FLAG_INSTANCE = 8;
const KNOWN_FLAGS = FLAG_NOT_BEFORE | FLAG_PERPETUAL | FLAG_ONLINE | FLAG_INSTANCE;
const U32_MAX = 0xffffffff;

/** Terms that cannot be encoded (thrown by the encoder: a programming or input error). */
export class TermsError extends RangeError {
  override name = 'TermsError';
}

/** Bytes that do not decode to terms (reported by verification as `malformed`). */
export class PayloadError extends Error {
  override name = 'PayloadError';
}

class Writer {
  private readonly bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
  }
  u32(v: number) {
    this.bytes.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  }
  varint(v: number) {
    let rest = v;
    while (rest >= 0x80) {
      this.bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.bytes.push(rest);
  }
  raw(b: Uint8Array) {
    for (const x of b) this.bytes.push(x);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

class Reader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}
  u8(): number {
    if (this.at >= this.bytes.length) throw new PayloadError('The key ends too early.');
    return this.bytes[this.at++]!;
  }
  u32(): number {
    return ((this.u8() << 24) >>> 0) + (this.u8() << 16) + (this.u8() << 8) + this.u8();
  }
  varint(max: number): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 5; i++) {
      const b = this.u8();
      value += (b & 0x7f) * scale;
      if (!(b & 0x80)) {
        if (value > max) throw new PayloadError('A number in the key is out of range.');
        return value;
      }
      scale *= 0x80;
    }
    throw new PayloadError('A number in the key is too long.');
  }
  raw(n: number): Uint8Array {
    if (this.at + n > this.bytes.length) throw new PayloadError('The key ends too early.');
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  end() {
    if (this.at !== this.bytes.length) throw new PayloadError('The key has unexpected trailing data.');
  }
}

function seconds(date: Date, what: string): number {
  const s = Math.floor(date.getTime() / 1000);
  if (!Number.isFinite(s) || s < 0 || s > U32_MAX) throw new TermsError(`${what} is not a valid date.`);
  return s;
}

function intIn(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TermsError(`${what} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

export function encodeKeyIdBytes(keyId: string): Uint8Array {
  if (!KEY_ID_PATTERN.test(keyId)) throw new TermsError(`Signing key id "${keyId}" is not 8 Crockford characters.`);
  const decoded = decodeCrockford(keyId);
  if (!decoded.ok) throw new TermsError(`Signing key id "${keyId}" is not valid.`);
  return decoded.bytes;
}

export function encodeTermsPayload(terms: LicenseTerms): Uint8Array {
  if (terms.formatVersion !== FORMAT_VERSION) throw new TermsError(`Only format version ${FORMAT_VERSION} can be written.`);
  if (!isTier(terms.tier)) throw new TermsError(`Unknown tier "${String(terms.tier)}".`);
  if (!LICENSE_ID_PATTERN.test(terms.licenseId))
    throw new TermsError(`License id "${terms.licenseId}" is not lic_ and 16 Crockford characters.`);
  const customer = new TextEncoder().encode(terms.customer.normalize('NFC'));
  if (customer.length === 0 || customer.length > LIMITS.customerBytes) {
    throw new TermsError(`The customer name must be 1 to ${LIMITS.customerBytes} bytes of UTF-8.`);
  }
  let mask = 0;
  for (const f of new Set(terms.features)) {
    if (!isFeature(f)) throw new TermsError(`Unknown feature "${String(f)}". Known: ${FEATURES.join(', ')}.`);
    mask += 2 ** FEATURES.indexOf(f);
  }
  let flags = 0;
  if (terms.notBefore) flags |= FLAG_NOT_BEFORE;
  if (terms.expiresAt === null) flags |= FLAG_PERPETUAL;
  if (terms.policy.mode === 'online') flags |= FLAG_ONLINE;
  if (terms.instanceId !== undefined) flags |= FLAG_INSTANCE;

  const w = new Writer();
  w.u8(FORMAT_VERSION);
  w.u8(flags);
  w.raw(encodeKeyIdBytes(terms.keyId));
  const id = decodeCrockford(terms.licenseId.slice(4));
  if (!id.ok) throw new TermsError(`License id "${terms.licenseId}" is not valid.`);
  w.raw(id.bytes);
  w.u8(TIERS.indexOf(terms.tier));
  w.varint(intIn(terms.maxUsers, 1, LIMITS.maxUsers, 'Max users'));
  w.varint(intIn(terms.maxTenants, 1, LIMITS.maxTenants, 'Max tenants'));
  w.varint(mask);
  w.u32(seconds(terms.issuedAt, 'Issued at'));
  if (terms.notBefore) w.u32(seconds(terms.notBefore, 'Not before'));
  if (terms.expiresAt !== null) w.u32(seconds(terms.expiresAt, 'Expires at'));
  if (terms.policy.mode === 'online') {
    w.u8(intIn(terms.policy.checkIntervalDays, 1, LIMITS.intervalDays, 'Check interval days'));
    w.u8(intIn(terms.policy.graceDays, 0, LIMITS.graceDays, 'Grace days'));
  }
  if (terms.instanceId !== undefined) {
    if (!/^[\x21-\x7e]{1,40}$/.test(terms.instanceId)) {
      throw new TermsError(`The instance id must be 1 to ${LIMITS.instanceIdChars} printable ASCII characters.`);
    }
    w.u8(terms.instanceId.length);
    w.raw(new TextEncoder().encode(terms.instanceId));
  }
  w.u8(customer.length);
  w.raw(customer);
  return w.done();
}

/** Reads the format version without decoding the rest (to say "upgrade" for newer formats). */
export function payloadVersion(payload: Uint8Array): number | undefined {
  return payload[0];
}

export function decodeTermsPayload(payload: Uint8Array): LicenseTerms {
  const r = new Reader(payload);
  const version = r.u8();
  if (version !== FORMAT_VERSION) throw new PayloadError(`Unsupported key format version ${version}.`);
  const flags = r.u8();
  if (flags & ~KNOWN_FLAGS) throw new PayloadError('The key has unknown flags.');
  const keyId = encodeCrockford(r.raw(5));
  const licenseId = `lic_${encodeCrockford(r.raw(10))}`;
  const tier = TIERS[r.u8()];
  if (!tier) throw new PayloadError('The key names an unknown tier.');
  const maxUsers = r.varint(LIMITS.maxUsers);
  const maxTenants = r.varint(LIMITS.maxTenants);
  const mask = r.varint(U32_MAX);
  // Bits past the known list belong to features appended later; this build cannot gate them.
  const features: Feature[] = FEATURES.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1);
  const issuedAt = new Date(r.u32() * 1000);
  const notBefore = flags & FLAG_NOT_BEFORE ? new Date(r.u32() * 1000) : undefined;
  const expiresAt = flags & FLAG_PERPETUAL ? null : new Date(r.u32() * 1000);
  const policy: LicenseTerms['policy'] =
    flags & FLAG_ONLINE ? { mode: 'online', checkIntervalDays: r.u8(), graceDays: r.u8() } : { mode: 'air-gapped' };
  let instanceId: string | undefined;
  if (flags & FLAG_INSTANCE) instanceId = new TextDecoder().decode(r.raw(r.u8()));
  let customer: string;
  try {
    customer = new TextDecoder('utf-8', { fatal: true }).decode(r.raw(r.u8()));
  } catch (e) {
    if (e instanceof PayloadError) throw e;
    throw new PayloadError('The customer name in the key is not valid UTF-8.');
  }
  r.end();
  if (maxUsers < 1 || maxTenants < 1) throw new PayloadError('The key grants no users or tenants.');
  const terms: LicenseTerms = {
    formatVersion: version,
    keyId,
    licenseId,
    customer,
    tier,
    maxUsers,
    maxTenants,
    features,
    issuedAt,
    expiresAt,
    policy,
  };
  if (notBefore) terms.notBefore = notBefore;
  if (instanceId !== undefined) terms.instanceId = instanceId;
  return terms;
}
