import { AppError } from '../lib/errors';

/** What the rest of the server asks the license: may it write, add a seat, add a tenant, use a feature. */
export interface LicenseGate {
  /** Throws when the instance is read-only (expired past grace, revoked, not activated). */
  assertWritable(): void;
  assertCanAddUser(activeUsers: number): void;
  assertCanAddTenant(tenants: number): void;
  assertFeature(feature: string): void;
  /** Response headers for warnings ahead of expiry. */
  warningHeaders(): Record<string, string>;
  /** Why /readyz should say not ready, or null. */
  notReadyReason(): string | null;
}

/**
 * Until licensing lands (a later issue) the server runs unlicensed behind
 * this seam: everything allowed. The enforcing gate replaces it in one place
 * (createServer), and routes do not change.
 */
export const unlicensedGate: LicenseGate = {
  assertWritable() {},
  assertCanAddUser() {},
  assertCanAddTenant() {},
  assertFeature() {},
  warningHeaders: () => ({}),
  notReadyReason: () => null,
};

export const seatLimitError = (max: number) =>
  new AppError(403, 'LICENSE_SEAT_LIMIT', `Your license allows ${max} active users. Deactivate a user or ask Trasealla for more seats.`);
