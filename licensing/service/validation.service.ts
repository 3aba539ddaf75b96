/** The public validation check: decide the status, record the instance, sign the answer. */
import { desc, eq, sql } from 'drizzle-orm';
import { signValidationResponse, termsToJson, type SignedValidationAnswer, type ValidationStatus } from '../key';
import { AppError } from '../../platform/errors';
import type { ServiceContext } from './context';
import { licenseInstances, type LicenseRow } from './db/schema';
import { getLicenseRow } from './licenses.service';
import { termsOfRow } from './license-view';
import type { ValidateInput } from './schemas';

const DAY_MS = 86_400_000;
/** An instance told something is wrong checks again within a day, so a resume takes effect soon. */
const RECHECK_WHEN_NOT_VALID_DAYS = 1;
const AIR_GAPPED_RECHECK_DAYS = 30;

export function statusOf(
  row: LicenseRow,
  input: Pick<ValidateInput, 'activeUsers' | 'tenants'>,
  now: Date,
): { status: ValidationStatus; message?: string } {
  if (row.status === 'revoked')
    return { status: 'revoked', message: row.statusReason ? `Revoked: ${row.statusReason}` : 'This license was revoked.' };
  if (row.status === 'suspended')
    return { status: 'suspended', message: row.statusReason ? `Suspended: ${row.statusReason}` : 'This license is suspended.' };
  if (row.expiresAt && now >= row.expiresAt)
    return { status: 'expired', message: `This license expired on ${row.expiresAt.toISOString().slice(0, 10)}.` };
  if (input.activeUsers > row.maxUsers || input.tenants > row.maxTenants) {
    return {
      status: 'over_seats',
      message: `In use: ${input.activeUsers} users and ${input.tenants} tenants; licensed: ${row.maxUsers} users and ${row.maxTenants} tenants.`,
    };
  }
  return { status: 'valid' };
}

export function validateLicense(ctx: ServiceContext, input: ValidateInput, address: string): SignedValidationAnswer {
  if (!ctx.signer) throw new AppError(503, 'SERVICE_UNAVAILABLE', 'Validation is unavailable: no signing key is configured.');
  const row = getLicenseRow(ctx, input.licenseId);
  const now = ctx.clock.now();
  const { status, message } = statusOf(row, input, now);
  ctx.db
    .insert(licenseInstances)
    .values({
      licenseId: row.id,
      instanceId: input.instanceId,
      firstSeenAt: now,
      lastSeenAt: now,
      version: input.version,
      activeUsers: input.activeUsers,
      tenants: input.tenants,
      lastAddress: address,
      lastStatus: status,
      checks: 1,
    })
    .onConflictDoUpdate({
      target: [licenseInstances.licenseId, licenseInstances.instanceId],
      set: {
        lastSeenAt: now,
        version: input.version,
        activeUsers: input.activeUsers,
        tenants: input.tenants,
        lastAddress: address,
        lastStatus: status,
        checks: sql`${licenseInstances.checks} + 1`,
      },
    })
    .run();
  const terms = termsOfRow(row);
  const intervalDays =
    status !== 'valid'
      ? RECHECK_WHEN_NOT_VALID_DAYS
      : terms.policy.mode === 'online'
        ? terms.policy.checkIntervalDays
        : AIR_GAPPED_RECHECK_DAYS;
  const answer = {
    licenseId: row.id,
    instanceId: input.instanceId,
    status,
    terms: termsToJson(terms),
    nextCheckAt: new Date(now.getTime() + intervalDays * DAY_MS).toISOString(),
    nonce: input.nonce,
    serverTime: now.toISOString(),
    ...(message ? { message } : {}),
  };
  return signValidationResponse(answer, ctx.signer);
}

export function listInstances(ctx: ServiceContext, licenseId: string) {
  getLicenseRow(ctx, licenseId);
  const rows = ctx.db
    .select()
    .from(licenseInstances)
    .where(eq(licenseInstances.licenseId, licenseId))
    .orderBy(desc(licenseInstances.lastSeenAt))
    .all();
  return {
    data: rows.map((r) => ({
      instanceId: r.instanceId,
      firstSeenAt: r.firstSeenAt.toISOString(),
      lastSeenAt: r.lastSeenAt.toISOString(),
      version: r.version,
      activeUsers: r.activeUsers,
      tenants: r.tenants,
      lastAddress: r.lastAddress,
      lastStatus: r.lastStatus,
      checks: r.checks,
    })),
    nextCursor: null,
    total: rows.length,
  };
}
