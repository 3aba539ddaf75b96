import type { LicenseTerms } from '../../../licensing/key';

/** A fresh set of terms for tests; override what a test is about. */
export function sampleTerms(keyId: string, overrides: Partial<LicenseTerms> = {}): LicenseTerms {
  return {
    formatVersion: 1,
    keyId,
    licenseId: 'lic_0123456789ABCDEF',
    customer: 'Acme Health GmbH',
    tier: 'ENT',
    maxUsers: 250,
    maxTenants: 5,
    features: ['api', 'analytics', 'sso'],
    issuedAt: new Date('2026-01-01T00:00:00Z'),
    expiresAt: new Date('2027-01-01T00:00:00Z'),
    policy: { mode: 'online', checkIntervalDays: 7, graceDays: 14 },
    ...overrides,
  };
}
