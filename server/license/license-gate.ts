import { AppError } from '../../platform/errors';

/** What the rest of the server asks the license: may it write, add a seat, add a tenant, use a feature. */
export interface LicenseGate {
  /** Throws 503 LICENSE_REQUIRED while the instance has never been activated (setup-required mode). */
  assertActivated(): void;
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
 * Everything allowed: for tests that exercise something else and want no
 * license in the way. The server itself runs the LicenseManager (runtime.ts).
 */
export const unlicensedGate: LicenseGate = {
  assertActivated() {},
  assertWritable() {},
  assertCanAddUser() {},
  assertCanAddTenant() {},
  assertFeature() {},
  warningHeaders: () => ({}),
  notReadyReason: () => null,
};

export const seatLimitError = (max: number) =>
  new AppError(403, 'LICENSE_SEAT_LIMIT', `Your license allows ${max} active users. Deactivate a user or ask Trasealla for more seats.`);
