import { and, asc, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { DataLayer, Database } from './data-layer';
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

export function findTenantById(db: Database, id: string): Promise<TenantRow | undefined> {
  return db.select().from(tenants).where(eq(tenants.id, id)).get();
}

export function findTenantBySlug(db: Database, slug: string): Promise<TenantRow | undefined> {
  return db.select().from(tenants).where(eq(tenants.slug, slug)).get();
}

export function insertTenant(db: Database, values: { slug: string; name: string; settings: TenantSettings }, now: Date): Promise<TenantRow> {
  return db
    .insert(tenants)
    .values({ id: newId('ten', now.getTime()), ...values, status: 'active', createdAt: now, updatedAt: now })
    .returning()
    .get();
}

export function setTenantStatus(db: Database, id: string, status: TenantRow['status'], now: Date): Promise<TenantRow | undefined> {
  return db
    .update(tenants)
    .set({ status, updatedAt: now, deletedAt: status === 'deleted' ? now : null })
    .where(eq(tenants.id, id))
    .returning()
    .get();
}

export function updateTenantRow(
  db: Database,
  id: string,
  patch: Partial<Pick<TenantRow, 'name' | 'settings'>>,
  now: Date,
): Promise<TenantRow | undefined> {
  return db.update(tenants).set({ ...patch, updatedAt: now }).where(eq(tenants.id, id)).returning().get();
}

export function listTenants(
  db: Database,
  query: { limit: number; cursor?: string | undefined; includeDeleted: boolean },
): Promise<Page<TenantRow & { activeUsers: number }>> {
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
          activeUsers: sql<number>`(SELECT count(*) FROM "users" AS u WHERE u."tenant_id" = "tenants"."id" AND u."active")`.mapWith(Number),
        })
        .from(tenants)
        .where(and(visible, after ? afterCursor(sort, tenants.id, after) : undefined))
        .orderBy(asc(tenants.createdAt), asc(tenants.id))
        .limit(take)
        .all(),
    position: (r) => ({ value: r.tenant.createdAt, id: r.tenant.id }),
    map: (r) => ({ ...r.tenant, activeUsers: r.activeUsers }),
    total: async () => (await db.select({ n: count() }).from(tenants).where(visible).get())?.n ?? 0,
  });
}

/** The advisory lock that makes the instance's limits (seats, tenants) hold across replicas: "trasealla limits". */
export const LIMITS_LOCK = 7_254_618_215;

/**
 * Runs `work` in one instance-wide transaction that counts and then adds (a user, a tenant), so
 * two at once cannot both take the last seat: SQLite has one writer; on PostgreSQL replicas
 * take turns on a transaction-level advisory lock. The instance's unit sees every tenant's rows,
 * so the counts are the instance's, not one tenant's (row-level security).
 */
export function withInstanceLimits<T>(data: DataLayer, work: () => Promise<T>): Promise<T> {
  return data.transaction('instance', async () => {
    if (data.engine === 'postgres') await data.db('instance').run(sql`SELECT pg_advisory_xact_lock(${LIMITS_LOCK})`);
    return work();
  });
}

/** Tenants that count against the license (deleted ones do not). */
export async function countLiveTenants(db: Database): Promise<number> {
  return (await db.select({ n: count() }).from(tenants).where(ne(tenants.status, 'deleted')).get())?.n ?? 0;
}

/** Active users across the instance: what the license's seat count limits. */
export async function countActiveUsers(db: Database): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.active, true), ne(tenants.status, 'deleted')))
    .get();
  return row?.n ?? 0;
}

/** Everyone with this email in a tenant that still exists: sign-in picks among them by password. */
export function findLoginCandidates(db: Database, email: string) {
  return db
    .select({ user: users, tenant: tenants })
    .from(users)
    .innerJoin(tenants, eq(tenants.id, users.tenantId))
    .where(and(eq(users.email, email), ne(tenants.status, 'deleted')))
    .all();
}

export function insertSession(db: Database, values: { tenantId: string; userId: string; expiresAt: Date }, now: Date) {
  return db
    .insert(sessions)
    .values({ id: newId('ses', now.getTime()), ...values, createdAt: now })
    .returning()
    .get();
}

const sessionPrincipalQuery = (db: Database) =>
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
const sessionPrincipal = new WeakMap<Database, ReturnType<typeof sessionPrincipalQuery>>();

/** The session, its user and tenant in one indexed lookup: run on every token-authenticated request, so built once. */
export function findSessionPrincipal(db: Database, sessionId: string) {
  let query = sessionPrincipal.get(db);
  if (!query) {
    query = sessionPrincipalQuery(db);
    sessionPrincipal.set(db, query);
  }
  return query.get({ sessionId });
}

export async function revokeSession(db: Database, sessionId: string, now: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: now }).where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt))).run();
}

/** Signs a person out everywhere (deactivated, password changed), optionally keeping the current session. */
export async function revokeUserSessions(db: Database, tenantId: string, userId: string, now: Date, exceptSessionId?: string): Promise<void> {
  await db.update(sessions)
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

const apiKeyPrincipalQuery = (db: Database) =>
  db
    .select({ key: apiKeys, creator: users, tenant: tenants })
    .from(apiKeys)
    .innerJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, apiKeys.createdBy)))
    .innerJoin(tenants, eq(tenants.id, apiKeys.tenantId))
    .where(eq(apiKeys.prefix, sql.placeholder('prefix')))
    .prepare();
const apiKeyPrincipal = new WeakMap<Database, ReturnType<typeof apiKeyPrincipalQuery>>();

/** The API key with its creator and tenant, found by the public prefix: every API-key request, so built once. */
export function findApiKeyPrincipal(db: Database, prefix: string) {
  let query = apiKeyPrincipal.get(db);
  if (!query) {
    query = apiKeyPrincipalQuery(db);
    apiKeyPrincipal.set(db, query);
  }
  return query.get({ prefix });
}

/** Usage stamp, not an audited change; written at most once a minute per key. */
export async function touchApiKey(db: Database, tenantId: string, id: string, now: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id))).run();
}

export async function getInstanceSetting(db: Database, key: string): Promise<string | undefined> {
  return (await db.select().from(instanceSettings).where(eq(instanceSettings.key, key)).get())?.value;
}

export async function setInstanceSetting(db: Database, key: string, value: string, now: Date): Promise<void> {
  await db.insert(instanceSettings)
    .values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: now } })
    .run();
}

/** Stores a value under key unless one is there already, and returns the one that is (replicas racing agree on the first). */
export async function firstInstanceSetting(db: Database, key: string, value: string, now: Date): Promise<string> {
  await db.insert(instanceSettings).values({ key, value, updatedAt: now }).onConflictDoNothing({ target: instanceSettings.key }).run();
  return (await getInstanceSetting(db, key))!;
}
