import { TIER_NAMES } from '../../licensing/key';
import { countActiveUsers, countLiveTenants } from '../data/instance';
import type { Database } from '../data/data-layer';
import type { LicenseManager } from './license-manager';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The license as operators and GET /api/license see it: status, terms, usage, validation, warnings. */
export async function licenseReport(db: Database, license: LicenseManager) {
  await license.load();
  const state = license.state();
  const terms = state.terms;
  const v = license.validationRecord();
  const now = license.now();
  return {
    status: state.status,
    readOnly: state.readOnly,
    reason: state.reason ?? null,
    instanceId: license.instanceId ?? null,
    licenseId: terms?.licenseId ?? null,
    customer: terms?.customer ?? null,
    tier: terms?.tier ?? null,
    tierName: terms ? TIER_NAMES[terms.tier] : null,
    features: terms ? [...terms.features] : [],
    policy: terms
      ? terms.policy.mode === 'online'
        ? { mode: 'online' as const, checkIntervalDays: terms.policy.checkIntervalDays, graceDays: terms.policy.graceDays }
        : { mode: 'air-gapped' as const, checkIntervalDays: null, graceDays: null }
      : null,
    issuedAt: iso(terms?.issuedAt),
    expiresAt: iso(terms?.expiresAt),
    daysLeft: terms?.expiresAt ? Math.ceil((terms.expiresAt.getTime() - now.getTime()) / 86_400_000) : null,
    graceEndsAt: iso(state.graceEndsAt),
    readOnlyFrom: iso(state.readOnlyFrom),
    seats: { used: await countActiveUsers(db), licensed: terms?.maxUsers ?? 0 },
    tenants: { used: await countLiveTenants(db), licensed: terms?.maxTenants ?? 0 },
    lastValidation: {
      attemptedAt: v.lastAttemptAt ?? null,
      result: v.lastResult ?? null,
      reason: v.lastReason ?? null,
      lastGoodAt: v.lastGoodAt ?? null,
      status: v.status ?? null,
      nextCheckAt: v.nextCheckAt ?? null,
    },
    warnings: state.warnings,
  };
}

export type LicenseReport = Awaited<ReturnType<typeof licenseReport>>;
