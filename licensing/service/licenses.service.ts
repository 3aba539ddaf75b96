/** Operator actions on licenses: every query and transaction for them lives here. */
import { and, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { AppError, conflict, notFound } from '../../platform/errors';
import { afterCursor, paginate, sortCursorName, type Page, type SortSpec } from '../../platform/pagination';
import { encodeCrockford, FORMAT_VERSION, randomBytes, signKey, signRenewal, TermsError, type LicenseTerms, type Signer } from '../key';
import { auditForLicense, recordAudit } from './audit';
import type { ServiceContext } from './context';
import { licenses, type LicenseRow } from './db/schema';
import { licenseView, termsOfRow, type LicenseView } from './license-view';
import type { IssueLicenseInput, ListQuery, RenewLicenseInput } from './schemas';

const wholeSeconds = (d: Date) => new Date(Math.floor(d.getTime() / 1000) * 1000);

function requireSigner(ctx: ServiceContext): Signer {
  if (!ctx.signer)
    throw new AppError(503, 'SERVICE_UNAVAILABLE', 'This license service has no signing key configured (LICENSE_SIGNING_KEY_FILE).');
  return ctx.signer;
}

function signOrRefuse(terms: LicenseTerms, signer: Signer): string {
  try {
    return signKey(terms, signer);
  } catch (e) {
    if (e instanceof TermsError) throw new AppError(400, 'VALIDATION_FAILED', e.message);
    throw e;
  }
}

export function getLicenseRow(ctx: ServiceContext, id: string): LicenseRow {
  const row = ctx.db.select().from(licenses).where(eq(licenses.id, id)).get();
  if (!row) throw notFound('License');
  return row;
}

export function issueLicense(ctx: ServiceContext, input: IssueLicenseInput): LicenseView {
  const signer = requireSigner(ctx);
  const now = ctx.clock.now();
  const terms: LicenseTerms = {
    formatVersion: FORMAT_VERSION,
    keyId: signer.keyId,
    licenseId: `lic_${encodeCrockford(randomBytes(10))}`,
    customer: input.customer.normalize('NFC'),
    tier: input.tier,
    maxUsers: input.maxUsers,
    maxTenants: input.maxTenants,
    features: [...new Set(input.features)],
    issuedAt: wholeSeconds(now),
    expiresAt: input.expiresAt ? wholeSeconds(input.expiresAt) : null,
    policy: input.policy,
  };
  if (input.notBefore) terms.notBefore = wholeSeconds(input.notBefore);
  if (input.instanceId !== undefined) terms.instanceId = input.instanceId;
  if (terms.expiresAt && terms.expiresAt <= now) throw new AppError(400, 'VALIDATION_FAILED', 'The expiry date is in the past.');
  const keyText = signOrRefuse(terms, signer);
  const row = ctx.db.transaction((tx) => {
    const inserted = tx
      .insert(licenses)
      .values({
        id: terms.licenseId,
        customer: terms.customer,
        tier: terms.tier,
        maxUsers: terms.maxUsers,
        maxTenants: terms.maxTenants,
        features: JSON.stringify(terms.features),
        issuedAt: terms.issuedAt,
        notBefore: terms.notBefore ?? null,
        expiresAt: terms.expiresAt,
        policyMode: terms.policy.mode,
        checkIntervalDays: terms.policy.mode === 'online' ? terms.policy.checkIntervalDays : null,
        graceDays: terms.policy.mode === 'online' ? terms.policy.graceDays : null,
        instanceId: terms.instanceId ?? null,
        keyId: terms.keyId,
        keyText,
        createdAt: now,
        updatedAt: now,
      })
      .returning()
      .get();
    recordAudit({ ...ctx, db: tx as unknown as ServiceContext['db'] }, 'license.issue', terms.licenseId, {
      customer: terms.customer,
      tier: terms.tier,
      maxUsers: terms.maxUsers,
      maxTenants: terms.maxTenants,
      features: terms.features,
      expiresAt: terms.expiresAt?.toISOString() ?? null,
      policy: terms.policy,
    });
    return inserted;
  });
  return licenseView(row);
}

/** Newest first, the order of the (created_at, id) index. */
const NEWEST_FIRST: SortSpec = { key: 'createdAt', column: licenses.createdAt, direction: 'desc' };

/** Newest first; `q` matches the customer name or the license id, case-insensitively. */
export function listLicenses(ctx: ServiceContext, query: ListQuery): Promise<Page<LicenseView>> {
  const filters: SQL[] = [];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    filters.push(or(sql`${licenses.customer} LIKE ${pattern} ESCAPE '\\'`, sql`${licenses.id} LIKE ${pattern} ESCAPE '\\'`)!);
  }
  if (query.status) filters.push(eq(licenses.status, query.status));
  if (query.tier) filters.push(eq(licenses.tier, query.tier));
  const where = filters.length ? and(...filters) : undefined;
  return paginate({
    list: sortCursorName(NEWEST_FIRST),
    limit: query.limit,
    cursor: query.cursor,
    rows: (after, take) =>
      ctx.db
        .select()
        .from(licenses)
        .where(and(where, after ? afterCursor(NEWEST_FIRST, licenses.id, after) : undefined))
        .orderBy(desc(licenses.createdAt), desc(licenses.id))
        .limit(take)
        .all(),
    position: (row) => ({ value: row.createdAt, id: row.id }),
    total: () => ctx.db.select({ n: count() }).from(licenses).where(where).get()?.n ?? 0,
    map: licenseView,
  });
}

export function showLicense(ctx: ServiceContext, id: string) {
  const row = getLicenseRow(ctx, id);
  return { ...licenseView(row), audit: auditForLicense(ctx, id) };
}

type StatusChange = { action: 'license.revoke' | 'license.suspend' | 'license.resume'; to: LicenseRow['status']; reason: string | null };

function changeStatus(
  ctx: ServiceContext,
  id: string,
  change: StatusChange,
  allowedFrom: LicenseRow['status'][],
  refusal: (row: LicenseRow) => string,
): LicenseView {
  return ctx.db.transaction((tx) => {
    const txCtx = { ...ctx, db: tx as unknown as ServiceContext['db'] };
    const row = getLicenseRow(txCtx, id);
    if (!allowedFrom.includes(row.status)) throw conflict(refusal(row));
    const now = ctx.clock.now();
    const updated = tx
      .update(licenses)
      .set({ status: change.to, statusReason: change.reason, statusChangedAt: now, updatedAt: now })
      .where(eq(licenses.id, id))
      .returning()
      .get();
    recordAudit(txCtx, change.action, id, { from: row.status, to: change.to, reason: change.reason });
    return licenseView(updated!);
  });
}

export function revokeLicense(ctx: ServiceContext, id: string, reason: string): LicenseView {
  return changeStatus(
    ctx,
    id,
    { action: 'license.revoke', to: 'revoked', reason },
    ['active', 'suspended'],
    () => 'This license is already revoked.',
  );
}

export function suspendLicense(ctx: ServiceContext, id: string, reason: string | undefined): LicenseView {
  return changeStatus(ctx, id, { action: 'license.suspend', to: 'suspended', reason: reason ?? null }, ['active'], (row) =>
    row.status === 'revoked' ? 'A revoked license cannot be suspended.' : 'This license is already suspended.',
  );
}

export function resumeLicense(ctx: ServiceContext, id: string): LicenseView {
  return changeStatus(ctx, id, { action: 'license.resume', to: 'active', reason: null }, ['suspended'], (row) =>
    row.status === 'revoked' ? 'A revoked license cannot be resumed; issue a new one.' : 'This license is not suspended.',
  );
}

/**
 * New terms for the same license id: a new key always, and for air-gapped licenses a signed
 * renewal document too (online instances pick the new terms up at their next check).
 */
export function renewLicense(
  ctx: ServiceContext,
  id: string,
  input: RenewLicenseInput,
): { license: LicenseView; key: string; renewal: string | null } {
  const signer = requireSigner(ctx);
  return ctx.db.transaction((tx) => {
    const txCtx = { ...ctx, db: tx as unknown as ServiceContext['db'] };
    const row = getLicenseRow(txCtx, id);
    if (row.status === 'revoked') throw conflict('A revoked license cannot be renewed; issue a new one.');
    const now = ctx.clock.now();
    const previous = termsOfRow(row);
    const terms: LicenseTerms = {
      ...previous,
      keyId: signer.keyId,
      customer: input.customer?.normalize('NFC') ?? previous.customer,
      tier: input.tier ?? previous.tier,
      maxUsers: input.maxUsers ?? previous.maxUsers,
      maxTenants: input.maxTenants ?? previous.maxTenants,
      features: input.features ? [...new Set(input.features)] : previous.features,
      policy: input.policy ?? previous.policy,
      issuedAt: wholeSeconds(now),
      expiresAt: input.expiresAt ? wholeSeconds(input.expiresAt) : null,
    };
    if (terms.expiresAt && terms.expiresAt <= now) throw new AppError(400, 'VALIDATION_FAILED', 'The new expiry date is in the past.');
    const key = signOrRefuse(terms, signer);
    const renewal = terms.policy.mode === 'air-gapped' ? signRenewal(terms, signer) : null;
    const updated = tx
      .update(licenses)
      .set({
        customer: terms.customer,
        tier: terms.tier,
        maxUsers: terms.maxUsers,
        maxTenants: terms.maxTenants,
        features: JSON.stringify(terms.features),
        issuedAt: terms.issuedAt,
        expiresAt: terms.expiresAt,
        policyMode: terms.policy.mode,
        checkIntervalDays: terms.policy.mode === 'online' ? terms.policy.checkIntervalDays : null,
        graceDays: terms.policy.mode === 'online' ? terms.policy.graceDays : null,
        keyId: terms.keyId,
        keyText: key,
        updatedAt: now,
      })
      .where(eq(licenses.id, id))
      .returning()
      .get();
    recordAudit(txCtx, 'license.renew', id, {
      previousExpiresAt: previous.expiresAt?.toISOString() ?? null,
      expiresAt: terms.expiresAt?.toISOString() ?? null,
      tier: terms.tier,
      maxUsers: terms.maxUsers,
      maxTenants: terms.maxTenants,
      features: terms.features,
      policy: terms.policy,
    });
    return { license: licenseView(updated!), key, renewal };
  });
}
