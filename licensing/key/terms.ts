/** What a license grants. The key, renewal documents and validation answers all carry these. */

export const TIERS = ['TRL', 'STR', 'PRO', 'ENT'] as const;
export type Tier = (typeof TIERS)[number];

export const TIER_NAMES: Record<Tier, string> = {
  TRL: 'Trial',
  STR: 'Starter',
  PRO: 'Professional',
  ENT: 'Enterprise',
};

/**
 * Feature entitlements known to format version 1, in bit order. The key stores a bitmask over
 * this list, so entries may only ever be APPENDED; reordering or removing one would change the
 * meaning of keys already sold. A new feature after the 32nd needs format version 2.
 */
export const FEATURES = [
  'api',
  'import_export',
  'analytics',
  'custom_fields',
  'workflows',
  'webhooks',
  'email_campaigns',
  'products_quotes',
  'files',
  'sso',
  'audit_export',
  'white_label',
  'priority_support',
] as const;
export type Feature = (typeof FEATURES)[number];

export type LicensePolicy = { mode: 'online'; checkIntervalDays: number; graceDays: number } | { mode: 'air-gapped' };

export interface LicenseTerms {
  /** Payload format version (1). */
  formatVersion: number;
  /** Id of the Trasealla signing key that signed it (8 Crockford characters). */
  keyId: string;
  /** `lic_` and 16 Crockford characters. */
  licenseId: string;
  customer: string;
  tier: Tier;
  maxUsers: number;
  maxTenants: number;
  features: Feature[];
  issuedAt: Date;
  notBefore?: Date;
  /** null means perpetual. */
  expiresAt: Date | null;
  policy: LicensePolicy;
  /** When set, only the CRM instance with this id may use the key. */
  instanceId?: string;
}

export const FORMAT_VERSION = 1;
export const LICENSE_ID_PATTERN = /^lic_[0-9A-HJKMNP-TV-Z]{16}$/;
export const KEY_ID_PATTERN = /^[0-9A-HJKMNP-TV-Z]{8}$/;
/** Limits that keep a key under ~300 characters; the encoder also checks the total. */
export const LIMITS = {
  customerBytes: 48,
  instanceIdChars: 40,
  maxUsers: 1_000_000,
  maxTenants: 100_000,
  intervalDays: 255,
  graceDays: 255,
} as const;

export function isTier(value: string): value is Tier {
  return (TIERS as readonly string[]).includes(value);
}

export function isFeature(value: string): value is Feature {
  return (FEATURES as readonly string[]).includes(value);
}
