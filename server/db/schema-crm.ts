import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { createdAt, idColumn, tenantIdColumn, timestamp, updatedAt } from './columns';
import { tenants, users } from './schema';

/*
 * The CRM records. Same rules as the platform tables: primary keys lead with
 * tenant_id, references are composite (tenant_id, x_id) foreign keys, and
 * list indexes are partial over live rows (deleted_at IS NULL) so soft-deleted
 * records cost the hot paths nothing.
 */

const live = sql`deleted_at IS NULL`;
const userRef = (t: { tenantId: AnySQLiteColumn; ownerId: AnySQLiteColumn }) =>
  foreignKey({ columns: [t.tenantId, t.ownerId], foreignColumns: [users.tenantId, users.id] });

export const companies = sqliteTable(
  'companies',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text('name').notNull(),
    domain: text('domain'),
    industry: text('industry'),
    phone: text('phone'),
    website: text('website'),
    address: text('address'),
    ownerId: text('owner_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    userRef(t),
    index('companies_created_idx').on(t.tenantId, t.createdAt, t.id).where(live),
    index('companies_updated_idx').on(t.tenantId, t.updatedAt, t.id).where(live),
    index('companies_name_idx').on(t.tenantId, t.name, t.id).where(live),
    index('companies_domain_idx').on(t.tenantId, t.domain),
    index('companies_owner_idx').on(t.tenantId, t.ownerId),
  ],
);

export const contacts = sqliteTable(
  'contacts',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull(),
    email: text('email'),
    phone: text('phone'),
    title: text('title'),
    companyId: text('company_id'),
    ownerId: text('owner_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    userRef(t),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }),
    index('contacts_created_idx').on(t.tenantId, t.createdAt, t.id).where(live),
    index('contacts_updated_idx').on(t.tenantId, t.updatedAt, t.id).where(live),
    index('contacts_last_name_idx').on(t.tenantId, t.lastName, t.id).where(live),
    index('contacts_email_idx').on(t.tenantId, t.email),
    index('contacts_company_idx').on(t.tenantId, t.companyId),
    index('contacts_owner_idx').on(t.tenantId, t.ownerId),
  ],
);

export const LEAD_STAGES = ['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'] as const;
export const LEAD_SOURCES = ['website', 'referral', 'event', 'cold_call', 'email', 'social', 'partner', 'advertising', 'other'] as const;

export const leads = sqliteTable(
  'leads',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    number: integer('number').notNull(),
    title: text('title').notNull(),
    contactName: text('contact_name'),
    email: text('email'),
    phone: text('phone'),
    companyName: text('company_name'),
    source: text('source', { enum: LEAD_SOURCES }).notNull().default('other'),
    stage: text('stage', { enum: LEAD_STAGES }).notNull().default('new'),
    valueCents: integer('value_cents'),
    ownerId: text('owner_id'),
    lostReason: text('lost_reason'),
    convertedAt: timestamp('converted_at'),
    convertedContactId: text('converted_contact_id'),
    convertedCompanyId: text('converted_company_id'),
    convertedDealId: text('converted_deal_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    userRef(t),
    uniqueIndex('leads_number_unique').on(t.tenantId, t.number),
    index('leads_created_idx').on(t.tenantId, t.createdAt, t.id).where(live),
    index('leads_updated_idx').on(t.tenantId, t.updatedAt, t.id).where(live),
    index('leads_stage_idx').on(t.tenantId, t.stage),
    index('leads_source_idx').on(t.tenantId, t.source),
    index('leads_owner_idx').on(t.tenantId, t.ownerId),
  ],
);

export const pipelines = sqliteTable(
  'pipelines',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text('name').notNull(),
    isDefault: integer('is_default', { mode: 'boolean' }).notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index('pipelines_created_idx').on(t.tenantId, t.createdAt, t.id)],
);

export const STAGE_KINDS = ['open', 'won', 'lost'] as const;

export const pipelineStages = sqliteTable(
  'pipeline_stages',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    pipelineId: text('pipeline_id').notNull(),
    name: text('name').notNull(),
    position: integer('position').notNull(),
    probability: integer('probability').notNull(),
    kind: text('kind', { enum: STAGE_KINDS }).notNull().default('open'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.pipelineId], foreignColumns: [pipelines.tenantId, pipelines.id] }),
    index('pipeline_stages_pipeline_idx').on(t.tenantId, t.pipelineId, t.position),
  ],
);

export const DEAL_STATUSES = ['open', 'won', 'lost'] as const;

export const deals = sqliteTable(
  'deals',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    title: text('title').notNull(),
    valueCents: integer('value_cents').notNull().default(0),
    currency: text('currency').notNull(),
    pipelineId: text('pipeline_id').notNull(),
    stageId: text('stage_id').notNull(),
    companyId: text('company_id'),
    contactId: text('contact_id'),
    ownerId: text('owner_id'),
    expectedCloseDate: text('expected_close_date'),
    probability: integer('probability'),
    status: text('status', { enum: DEAL_STATUSES }).notNull().default('open'),
    closedAt: timestamp('closed_at'),
    lostReason: text('lost_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    userRef(t),
    foreignKey({ columns: [t.tenantId, t.pipelineId], foreignColumns: [pipelines.tenantId, pipelines.id] }),
    foreignKey({ columns: [t.tenantId, t.stageId], foreignColumns: [pipelineStages.tenantId, pipelineStages.id] }),
    foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }),
    foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }),
    index('deals_created_idx').on(t.tenantId, t.createdAt, t.id).where(live),
    index('deals_updated_idx').on(t.tenantId, t.updatedAt, t.id).where(live),
    index('deals_stage_idx').on(t.tenantId, t.pipelineId, t.stageId),
    index('deals_status_idx').on(t.tenantId, t.status, t.closedAt),
    index('deals_company_idx').on(t.tenantId, t.companyId),
    index('deals_contact_idx').on(t.tenantId, t.contactId),
    index('deals_owner_idx').on(t.tenantId, t.ownerId),
  ],
);

export const ACTIVITY_TYPES = ['email', 'call', 'meeting', 'note', 'sms'] as const;

/** Columns that link an activity or a task to the record it is about. */
const links = () => ({
  contactId: text('contact_id'),
  companyId: text('company_id'),
  leadId: text('lead_id'),
  dealId: text('deal_id'),
});

/** The composite foreign keys behind links(): a linked record is always in the same tenant. */
const linkForeignKeys = (t: {
  tenantId: AnySQLiteColumn;
  contactId: AnySQLiteColumn;
  companyId: AnySQLiteColumn;
  leadId: AnySQLiteColumn;
  dealId: AnySQLiteColumn;
}) => [
  foreignKey({ columns: [t.tenantId, t.contactId], foreignColumns: [contacts.tenantId, contacts.id] }),
  foreignKey({ columns: [t.tenantId, t.companyId], foreignColumns: [companies.tenantId, companies.id] }),
  foreignKey({ columns: [t.tenantId, t.leadId], foreignColumns: [leads.tenantId, leads.id] }),
  foreignKey({ columns: [t.tenantId, t.dealId], foreignColumns: [deals.tenantId, deals.id] }),
];

export const activities = sqliteTable(
  'activities',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    type: text('type', { enum: ACTIVITY_TYPES }).notNull(),
    subject: text('subject').notNull(),
    body: text('body'),
    occurredAt: timestamp('occurred_at').notNull(),
    authorId: text('author_id'),
    ...links(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.authorId], foreignColumns: [users.tenantId, users.id] }),
    ...linkForeignKeys(t),
    index('activities_occurred_idx').on(t.tenantId, t.occurredAt, t.id).where(live),
    index('activities_contact_idx').on(t.tenantId, t.contactId, t.occurredAt),
    index('activities_company_idx').on(t.tenantId, t.companyId, t.occurredAt),
    index('activities_lead_idx').on(t.tenantId, t.leadId, t.occurredAt),
    index('activities_deal_idx').on(t.tenantId, t.dealId, t.occurredAt),
    index('activities_author_idx').on(t.tenantId, t.authorId, t.occurredAt),
  ],
);

export const tasks = sqliteTable(
  'tasks',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    title: text('title').notNull(),
    notes: text('notes'),
    dueAt: timestamp('due_at'),
    assigneeId: text('assignee_id'),
    done: integer('done', { mode: 'boolean' }).notNull().default(false),
    doneAt: timestamp('done_at'),
    ...links(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.assigneeId], foreignColumns: [users.tenantId, users.id] }),
    ...linkForeignKeys(t),
    index('tasks_created_idx').on(t.tenantId, t.createdAt, t.id).where(live),
    index('tasks_due_idx').on(t.tenantId, t.dueAt, t.id).where(live),
    index('tasks_assignee_idx').on(t.tenantId, t.assigneeId, t.done, t.dueAt),
    index('tasks_contact_idx').on(t.tenantId, t.contactId),
    index('tasks_company_idx').on(t.tenantId, t.companyId),
    index('tasks_lead_idx').on(t.tenantId, t.leadId),
    index('tasks_deal_idx').on(t.tenantId, t.dealId),
  ],
);

/** Per-tenant sequences (lead numbers), bumped inside the inserting transaction. */
export const tenantCounters = sqliteTable(
  'tenant_counters',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    name: text('name').notNull(),
    value: integer('value').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.name] })],
);

export const products = sqliteTable(
  'products',
  {
    tenantId: tenantIdColumn().references(() => tenants.id),
    id: idColumn(),
    name: text('name').notNull(),
    sku: text('sku'),
    description: text('description'),
    unitPriceCents: integer('unit_price_cents').notNull(),
    currency: text('currency').notNull(),
    /** Basis points: 2100 is 21 %. */
    taxRateBp: integer('tax_rate_bp').notNull(),
    active: integer('active', { mode: 'boolean' }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    deletedAt: timestamp('deleted_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index('products_created_idx').on(t.tenantId, t.createdAt, t.id).where(live),
    index('products_updated_idx').on(t.tenantId, t.updatedAt, t.id).where(live),
    index('products_name_idx').on(t.tenantId, t.name, t.id).where(live),
    uniqueIndex('products_sku_idx').on(t.tenantId, t.sku).where(live),
  ],
);
