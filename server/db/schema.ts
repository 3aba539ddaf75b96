import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ROLES, type ApiKeyScope } from '../lib/roles';
import { createdAt, idColumn, tenantIdColumn, timestamp, updatedAt } from './columns';

/*
 * Tenancy at the database level: every tenant-owned table has a primary key
 * that leads with tenant_id, and references between tenant-owned rows are
 * composite foreign keys (tenant_id, x_id), so a row can never point into
 * another tenant even if application code tried.
 */

export const tenants = sqliteTable(
  'tenants',
  {
    id: idColumn().primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    status: text('status', { enum: ['active', 'suspended', 'deleted'] })
      .notNull()
      .default('active'),
    settings: text('settings', { mode: 'json' }).$type<TenantSettings>().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [uniqueIndex('tenants_slug_unique').on(t.slug)],
);

export interface TenantSettings {
  timezone: string;
  currency: string;
  branding: { primaryColor?: string; logoText?: string };
}

export const users = sqliteTable(
  'users',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    active: integer('active', { mode: 'boolean' }).notNull().default(true),
    isOperator: integer('is_operator', { mode: 'boolean' }).notNull().default(false),
    lastLoginAt: timestamp('last_login_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('users_tenant_email_unique').on(t.tenantId, t.email),
    // Login looks a person up by email before it knows the tenant.
    index('users_email_idx').on(t.email),
  ],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: idColumn().primaryKey(),
    tenantId: tenantIdColumn(),
    userId: text('user_id').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at').notNull(),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id] }),
    index('sessions_tenant_user_idx').on(t.tenantId, t.userId),
  ],
);

export const apiKeys = sqliteTable(
  'api_keys',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    secretHash: text('secret_hash').notNull(),
    scopes: text('scopes', { mode: 'json' }).$type<ApiKeyScope[]>().notNull(),
    createdBy: text('created_by').notNull(),
    lastUsedAt: timestamp('last_used_at'),
    expiresAt: timestamp('expires_at'),
    revokedAt: timestamp('revoked_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    // The prefix is how a presented key finds its row before the tenant is known.
    uniqueIndex('api_keys_prefix_unique').on(t.prefix),
    index('api_keys_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id] }),
  ],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    at: timestamp('at').notNull(),
    actorType: text('actor_type', { enum: ['user', 'api_key', 'operator', 'system'] }).notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    changes: text('changes', { mode: 'json' }).$type<Record<string, unknown>>(),
    requestId: text('request_id'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('audit_log_tenant_entity_idx').on(t.tenantId, t.entity, t.entityId, t.at),
    index('audit_log_tenant_at_idx').on(t.tenantId, t.at),
  ],
);

/** Instance-wide facts: instance id, clock high-water mark, and the like. */
export const instanceSettings = sqliteTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch() * 1000)`),
});

/**
 * Rate-limit windows shared by every server of an instance (sign-in attempts per address and per
 * email), so that replicas behind one load balancer count together. Fixed windows: a row per key
 * with its count and when its window ends; an ended window starts again at one.
 */
export const rateLimitWindows = sqliteTable('rate_limit_windows', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  resetAt: timestamp('reset_at').notNull(),
});

/**
 * Idempotency-Key requests (server/middleware/idempotency.ts): one row per key a caller (a user or
 * an API key) sent for one method and path, holding a hash of the request body and, once the
 * first request has answered, its status and body, which a repeat is answered with. `status` is
 * null while the first request is still running; `expires_at` is then a short lease (a request
 * that died never blocks its key for long), afterwards 24 hours from the first request.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    /** Who sent the key: `user:<id>` or `api_key:<id>`. */
    actor: text('actor').notNull(),
    method: text('method').notNull(),
    path: text('path').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status'),
    response: text('response'),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    uniqueIndex('idempotency_keys_request_unique').on(t.tenantId, t.actor, t.method, t.path, t.key),
    index('idempotency_keys_expires_idx').on(t.tenantId, t.expiresAt),
  ],
);
