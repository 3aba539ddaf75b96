/** LicenseTerms as JSON (dates as ISO strings), for validation answers and the service's API. */
import { FORMAT_VERSION, KEY_ID_PATTERN, LICENSE_ID_PATTERN, isFeature, isTier, type LicenseTerms } from './terms';

export interface LicenseTermsJson {
  formatVersion: number;
  keyId: string;
  licenseId: string;
  customer: string;
  tier: string;
  maxUsers: number;
  maxTenants: number;
  features: string[];
  issuedAt: string;
  notBefore?: string;
  expiresAt: string | null;
  policy: { mode: 'online'; checkIntervalDays: number; graceDays: number } | { mode: 'air-gapped' };
  instanceId?: string;
}

export function termsToJson(t: LicenseTerms): LicenseTermsJson {
  const json: LicenseTermsJson = {
    formatVersion: t.formatVersion,
    keyId: t.keyId,
    licenseId: t.licenseId,
    customer: t.customer,
    tier: t.tier,
    maxUsers: t.maxUsers,
    maxTenants: t.maxTenants,
    features: [...t.features],
    issuedAt: t.issuedAt.toISOString(),
    expiresAt: t.expiresAt ? t.expiresAt.toISOString() : null,
    policy:
      t.policy.mode === 'online'
        ? { mode: 'online', checkIntervalDays: t.policy.checkIntervalDays, graceDays: t.policy.graceDays }
        : { mode: 'air-gapped' },
  };
  if (t.notBefore) json.notBefore = t.notBefore.toISOString();
  if (t.instanceId !== undefined) json.instanceId = t.instanceId;
  return json;
}

const isInt = (v: unknown, min: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min;
const date = (v: unknown): Date | undefined => {
  if (typeof v !== 'string') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** Parses JSON terms; throws TypeError naming the first bad field. Use after the signature is checked. */
export function termsFromJson(value: unknown): LicenseTerms {
  const bad = (field: string): never => {
    throw new TypeError(`Terms field "${field}" is missing or invalid.`);
  };
  if (typeof value !== 'object' || value === null) return bad('terms');
  const v = value as Record<string, unknown>;
  if (v.formatVersion !== FORMAT_VERSION) bad('formatVersion');
  if (typeof v.keyId !== 'string' || !KEY_ID_PATTERN.test(v.keyId)) bad('keyId');
  if (typeof v.licenseId !== 'string' || !LICENSE_ID_PATTERN.test(v.licenseId)) bad('licenseId');
  if (typeof v.customer !== 'string' || v.customer.length === 0) bad('customer');
  if (typeof v.tier !== 'string' || !isTier(v.tier)) bad('tier');
  if (!isInt(v.maxUsers, 1)) bad('maxUsers');
  if (!isInt(v.maxTenants, 1)) bad('maxTenants');
  if (!Array.isArray(v.features)) bad('features');
  const issuedAt = date(v.issuedAt) ?? bad('issuedAt');
  const expiresAt = v.expiresAt === null ? null : (date(v.expiresAt) ?? bad('expiresAt'));
  const p = v.policy as Record<string, unknown> | undefined;
  let policy: LicenseTerms['policy'];
  if (p?.mode === 'online' && isInt(p.checkIntervalDays, 1) && isInt(p.graceDays, 0)) {
    policy = { mode: 'online', checkIntervalDays: p.checkIntervalDays, graceDays: p.graceDays };
  } else if (p?.mode === 'air-gapped') {
    policy = { mode: 'air-gapped' };
  } else {
    return bad('policy');
  }
  const terms: LicenseTerms = {
    formatVersion: FORMAT_VERSION,
    keyId: v.keyId as string,
    licenseId: v.licenseId as string,
    customer: v.customer as string,
    tier: v.tier as LicenseTerms['tier'],
    maxUsers: v.maxUsers as number,
    maxTenants: v.maxTenants as number,
    // Features unknown to this build are dropped: it cannot gate what it does not know.
    features: (v.features as unknown[]).filter((f): f is LicenseTerms['features'][number] => typeof f === 'string' && isFeature(f)),
    issuedAt,
    expiresAt,
    policy,
  };
  if (v.notBefore !== undefined) terms.notBefore = date(v.notBefore) ?? bad('notBefore');
  if (v.instanceId !== undefined) {
    if (typeof v.instanceId !== 'string') bad('instanceId');
    terms.instanceId = v.instanceId as string;
  }
  return terms;
}
