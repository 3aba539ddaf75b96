/** The license service's own database (not the CRM's): licenses, instances that check in, the operator audit log. */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const licenses = sqliteTable(
  'licenses',
  {
    id: text('id').primaryKey(),
    customer: text('customer').notNull(),
    tier: text('tier').notNull(),
    maxUsers: integer('max_users').notNull(),
    maxTenants: integer('max_tenants').notNull(),
    /** JSON array of feature names. */
    features: text('features').notNull(),
    issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
    notBefore: integer('not_before', { mode: 'timestamp_ms' }),
    /** null = perpetual. */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    policyMode: text('policy_mode', { enum: ['online', 'air-gapped'] }).notNull(),
    checkIntervalDays: integer('check_interval_days'),
    graceDays: integer('grace_days'),
    instanceId: text('instance_id'),
    status: text('status', { enum: ['active', 'suspended', 'revoked'] })
      .notNull()
      .default('active'),
    statusReason: text('status_reason'),
    statusChangedAt: integer('status_changed_at', { mode: 'timestamp_ms' }),
    /** Signing key id of the current key text. */
    keyId: text('key_id').notNull(),
    /** The current key text (a renewal replaces it). */
    keyText: text('key_text').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('licenses_created_idx').on(t.createdAt, t.id), index('licenses_customer_idx').on(t.customer)],
);

export const licenseInstances = sqliteTable(
  'license_instances',
  {
    licenseId: text('license_id')
      .notNull()
      .references(() => licenses.id),
    instanceId: text('instance_id').notNull(),
    firstSeenAt: integer('first_seen_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
    version: text('version').notNull(),
    activeUsers: integer('active_users').notNull(),
    tenants: integer('tenants').notNull(),
    lastAddress: text('last_address'),
    lastStatus: text('last_status').notNull(),
    checks: integer('checks').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.licenseId, t.instanceId] })],
);

export const auditLog = sqliteTable(
  'audit_log',
  {
    id: text('id').primaryKey(),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    licenseId: text('license_id'),
    requestId: text('request_id'),
    /** JSON: what changed (never key material or tokens). */
    details: text('details').notNull(),
  },
  (t) => [index('audit_license_idx').on(t.licenseId, t.at)],
);

export type LicenseRow = typeof licenses.$inferSelect;
export type InstanceRow = typeof licenseInstances.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
