import { eq, inArray, isNull, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, leads, tasks } from '../../db/schema-crm';
import { iso } from '../../lib/schemas';
import { assertRefs, type RecordSpec } from './record-kit';
import {
  CompanySchema,
  CreateCompany,
  ListCompanies,
  UpdateCompany,
  type CompanyFilters,
  type CreateCompanyInput,
} from './companies.schemas';
import { byKeys, keysWithPrefix, lowerCell } from './duplicate-keys';
import { dateOrNull, importField, ownerField } from './record-transfer';
import { isoTime } from '../../lib/iso-time';

type Row = typeof companies.$inferSelect;

export const toCompanyDto = (row: Row): z.infer<typeof CompanySchema> => ({
  id: row.id,
  name: row.name,
  domain: row.domain,
  industry: row.industry,
  phone: row.phone,
  website: row.website,
  address: row.address,
  ownerId: row.ownerId,
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
  deletedAt: iso(row.deletedAt),
});

export const companySpec = {
  table: companies,
  prefix: 'com',
  label: 'Company',
  tag: 'Companies',
  schemas: { dto: CompanySchema, create: CreateCompany, update: UpdateCompany, list: ListCompanies },
  search: {
    kind: 'company',
    slot: 0,
    label: 'new.name',
    name: 'new.name',
    extra: ['new.domain', 'new.industry', 'new.website'],
    phone: 'new.phone',
  },
  // A company's history also gathers the activities and tasks of its contacts and deals.
  timeline: { link: 'company_id', gathers: ['contacts', 'deals'] },
  sorts: { createdAt: companies.createdAt, updatedAt: companies.updatedAt, name: companies.name },
  toDto: toCompanyDto,
  filters: (_ctx, f) => [f.domain ? eq(companies.domain, f.domain) : undefined],
  toInsert: async (ctx, scope, input) => {
    await assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
    return {
      name: input.name,
      domain: input.domain ?? null,
      industry: input.industry ?? null,
      phone: input.phone ?? null,
      website: input.website ?? null,
      address: input.address ?? null,
      ownerId: input.ownerId === undefined ? (ctx.auth.user?.id ?? null) : input.ownerId,
    };
  },
  toPatch: async (_ctx, scope, input) => {
    await assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
    return input;
  },
  bulk: true,
  referencedBy: [
    { table: contacts, column: contacts.companyId },
    { table: deals, column: deals.companyId },
    { table: activities, column: activities.companyId },
    { table: tasks, column: tasks.companyId },
    { table: leads, column: leads.convertedCompanyId },
  ],
  transfer: {
    exportNames: [{ column: 'owner', from: 'ownerId', lookup: 'userEmail' }],
    import: {
      fields: [
        importField('name', ['company', 'company name', 'organization', 'organisation', 'account', 'account name']),
        importField('domain', ['company domain', 'email domain']),
        importField('industry', ['sector']),
        importField('phone', ['phone number', 'telephone', 'tel']),
        importField('website', ['web', 'url', 'site', 'homepage']),
        importField('address', ['street address', 'location']),
        importField('ownerId'),
        ownerField,
      ],
      duplicates: {
        keys: (raw) => [raw.domain ? `d:${lowerCell(raw.domain)}` : '', raw.name ? `n:${lowerCell(raw.name)}` : ''].filter(Boolean),
        existing: async (scope, keys) => {
          const domains = keysWithPrefix(keys, 'd:');
          const names = keysWithPrefix(keys, 'n:');
          const live = isNull(companies.deletedAt);
          const rows = [
            ...(domains.length
              ? await scope.query
                  .select()
                  .from(companies)
                  .where(scope.where(companies, live, inArray(companies.domain, domains)))
                  .all()
              : []),
            ...(names.length
              ? await scope.query
                  .select()
                  .from(companies)
                  .where(scope.where(companies, live, inArray(sql`lower(${companies.name})`, names)))
                  .all()
              : []),
          ];
          return byKeys(rows, (r) => [r.domain ? `d:${r.domain.toLowerCase()}` : null, `n:${r.name.toLowerCase()}`]);
        },
      },
    },
    restore: (records, remap) =>
      records.map((r) => ({
        name: r.name,
        domain: r.domain,
        industry: r.industry,
        phone: r.phone,
        website: r.website,
        address: r.address,
        ownerId: remap.user(r.ownerId as string | null),
        deletedAt: dateOrNull(r.deletedAt),
      })),
  },
} satisfies RecordSpec<typeof companies, z.infer<typeof CompanySchema>, CreateCompanyInput, Partial<CreateCompanyInput>, CompanyFilters>;
