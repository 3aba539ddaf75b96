/** Turns a stored license into terms (for signing) and into the JSON the API returns. */
import { FORMAT_VERSION, type Feature, type LicenseTerms, type Tier } from '../key';
import type { LicenseRow } from './db/schema';

export function termsOfRow(row: LicenseRow): LicenseTerms {
  const terms: LicenseTerms = {
    formatVersion: FORMAT_VERSION,
    keyId: row.keyId,
    licenseId: row.id,
    customer: row.customer,
    tier: row.tier as Tier,
    maxUsers: row.maxUsers,
    maxTenants: row.maxTenants,
    features: JSON.parse(row.features) as Feature[],
    issuedAt: row.issuedAt,
    expiresAt: row.expiresAt,
    policy:
      row.policyMode === 'online'
        ? { mode: 'online', checkIntervalDays: row.checkIntervalDays ?? 7, graceDays: row.graceDays ?? 14 }
        : { mode: 'air-gapped' },
  };
  if (row.notBefore) terms.notBefore = row.notBefore;
  if (row.instanceId !== null) terms.instanceId = row.instanceId;
  return terms;
}

export function licenseView(row: LicenseRow) {
  return {
    id: row.id,
    customer: row.customer,
    tier: row.tier,
    maxUsers: row.maxUsers,
    maxTenants: row.maxTenants,
    features: JSON.parse(row.features) as string[],
    issuedAt: row.issuedAt.toISOString(),
    notBefore: row.notBefore?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    policy: termsOfRow(row).policy,
    instanceId: row.instanceId,
    status: row.status,
    statusReason: row.statusReason,
    statusChangedAt: row.statusChangedAt?.toISOString() ?? null,
    keyId: row.keyId,
    key: row.keyText,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type LicenseView = ReturnType<typeof licenseView>;
