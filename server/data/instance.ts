import { and, asc, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';
import { apiKeys, instanceSettings, sessions, tenants, users, type TenantSettings } from '../db/schema';
import { newId } from '../../platform/ids';
import { afterCursor, paginate, sortCursorName, type Page } from '../../platform/pagination';

/*
 * Instance-level data: what exists before or above a tenant. Sign-in finds a
 * person by email before it knows the tenant, a token or API key names its
 * tenant only once it is looked up, and operators manage tenants themselves.
 * Everything inside a tenant goes through TenantScope instead.
 */

export type TenantRow = typeof tenants.$inferSelect;

export function findTenantById(db: Queryable, id: string): TenantRow | undefined {
  return db.select().from(tenants).where(eq(tenants.id, id)).get();
}

export function findTenantBySlug(db: Queryable, slug: string): TenantRow | undefined {
  return db.select().from(tenants).where(eq(tenants.slug, slug)).get();
}

export function insertTenant(db: Queryable, values: { slug: string; name: string; settings: TenantSettings }, now: Date): TenantRow {
  return db
    .insert(tenants)
    .values({ id: newId('ten', now.getTime()), ...values, status: 'active', createdAt: now, updatedAt: now })
    .returning()
    .get();
}

export function setTenantStatus(db: Queryable, id: string, status: TenantRow['status'], now: Date): TenantRow | undefined {
  return db
    .update(tenants)
    .set({ status, updatedAt: now, deletedAt: status === 'deleted' ? now : null })
    .where(eq(tenants.id, id))
    .returning()
    .get();
}

export function updateTenantRow(db: Queryable, id: string, patch: Partial<Pick<TenantRow, 'name' | 'settings'>>, now: Date): TenantRow | undefined {
  return db.update(tenants).set({ ...patch, updatedAt: now }).where(eq(tenants.id, id)).returning().get();
}

export function listTenants(db: Queryable, query: { limit: number; cursor?: string | undefined; includeDeleted: boolean }): Page<TenantRow & { activeUsers: number }> {
  const sort = { key: 'createdAt', column: tenants.createdAt, direction: 'asc' as const };
  const visible = query.includeDeleted ? undefined : ne(tenants.status, 'deleted');
  return paginate({
    list: sortCursorName(sort),
    limit: query.limit,
    cursor: query.cursor,
    rows: (after, take) =>
      db
        .select({
          tenant: tenants,
          // Written out: in a one-table select drizzle leaves columns unqualified, and a bare "id" here would mean users.id.
          activeUsers: sql<number>`(SELECT count(*) FROM "users" AS u WHERE u."tenant_id" = "tenants"."id" AND u."active" = 1)`,
        })
        .from(tenants)
        .where(and(visible, after ? afterCursor(sort, tenants.id, after) : undefined))
        .orderBy(asc(tenants.createdAt), asc(tenants.id))
        .limit(take)
        .all(),
    position: (r) => ({ value: r.tenant.createdAt, id: r.tenant.id }),
    map: (r) => ({ ...r.tenant, activeUsers: r.activeUsers }),
    total: () => db.select({ n: count() }).from(tenants).where(visible).get()?.n ?? 0,
  });
}

/** Tenants that count against the license (deleted ones do not). */
export function countLiveTenants(db: Queryable): number {
  return db.select({ n: count() }).from(tenants).where(ne(tenants.status, 'deleted')).get()?.n ?? 0;
}

/** Active users across the instance: what the license's seat count limits. */
export function countActiveUsers(db: Queryable): number {
  return (
    db
      .select({ n: count() })
      .from(users)
      .innerJoin(tenants, eq(tenants.id, users.tenantId))
      .where(and(eq(users.active, true), ne(tenants.status, 'deleted')))
      .get()?.n ?? 0
  );
}

/** Everyone with this email in a tenant that still exists: sign-in picks among them by password. */
export function findLoginCandidates(db: Queryable, email: string) {
  return db
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.email, email), ne(tenants.status, 'deleted')))
    .all();
}

export function insertSession(db: Queryable, values: { tenantId: string; userId: string; expiresAt: Date }, now: Date) {
  return db
    .insert(sessions)
    .values({ id: newId('ses', now.getTime()), ...values, createdAt: now })
    .returning()
    .get();
}

const sessionPrincipalQuery = (db: Queryable) =>
  db
    // Only what authentication reads: whole rows (settings JSON, password hash) cost a third of a small request.
    .select({
      session: { id: sessions.id, userId: sessions.userId, tenantId: sessions.tenantId, revokedAt: sessions.revokedAt, expiresAt: sessions.expiresAt },
      user: { id: users.id, email: users.email, name: users.name, role: users.role, isOperator: users.isOperator, active: users.active },
      tenant: { id: tenants.id, slug: tenants.slug, name: tenants.name, status: tenants.status },
    })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .innerJoin(tenants, eq(tenants.id, sessions.tenantId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .prepare();
const sessionPrincipal = new WeakMap<Queryable, ReturnType<typeof sessionPrincipalQuery>>();

/** The session, its user and tenant in one indexed lookup: run on every token-authenticated request, so built once. */
export function findSessionPrincipal(db: Queryable, sessionId: string) {
  let query = sessionPrincipal.get(db);
  if (!query) {
    query = sessionPrincipalQuery(db);
    sessionPrincipal.set(db, query);
  }
  return query.get({ sessionId });
}

export function revokeSession(db: Queryable, sessionId: string, now: Date): void {
  db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt))).run();
}

/** Signs a person out everywhere (deactivated, password changed), optionally keeping the current session. */
export function revokeUserSessions(db: Queryable, tenantId: string, userId: string, now: Date, exceptSessionId?: string): void {
  db.update(sessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(sessions.tenantId, tenantId),
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        exceptSessionId ? ne(sessions.id, exceptSessionId) : undefined,
      ),
    )
    .run();
}

const apiKeyPrincipalQuery = (db: Queryable) =>
  db
    .select({ key: apiKeys, creator: users, tenant: tenants })
    .from(apiKeys)
    .innerJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, apiKeys.createdBy)))
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(eq(apiKeys.prefix, sql.placeholder('prefix')))
    .prepare();
const apiKeyPrincipal = new WeakMap<Queryable, ReturnType<typeof apiKeyPrincipalQuery>>();

/** The API key with its creator and tenant, found by the public prefix: every API-key request, so built once. */
export function findApiKeyPrincipal(db: Queryable, prefix: string) {
  let query = apiKeyPrincipal.get(db);
  if (!query) {
    query = apiKeyPrincipalQuery(db);
    apiKeyPrincipal.set(db, query);
  }
  return query.get({ prefix });
}

/** Usage stamp, not an audited change; written at most once a minute per key. */
export function touchApiKey(db: Queryable, tenantId: string, id: string, now: Date): void {
  db.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id))).run();
}

export function getInstanceSetting(db: Queryable, key: string): string | undefined {
  return db.select().from(instanceSettings).where(eq(instanceSettings.key, key)).get()?.value;
}

export function setInstanceSetting(db: Queryable, key: string, value: string, now: Date): void {
  db.insert(instanceSettings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: now } })
    .run();
}
