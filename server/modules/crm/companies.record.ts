import { eq } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, tasks } from '../../db/schema-crm';
import { iso } from '../../lib/schemas';
import { assertRefs, type RecordSpec } from './record-kit';
import type { CompanyFilters, CompanySchema, CreateCompanyInput } from './companies.schemas';
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

export const companySpec: RecordSpec<
  typeof companies,
  z.infer<typeof CompanySchema>,
  CreateCompanyInput,
  Partial<CreateCompanyInput>,
  CompanyFilters
> = {
  table: companies,
  prefix: 'com',
  label: 'Company',
  searchKind: 'company',
  sorts: { createdAt: companies.createdAt, updatedAt: companies.updatedAt, name: companies.name },
  toDto: toCompanyDto,
  filters: (_ctx, f) => [f.domain ? eq(companies.domain, f.domain) : undefined],
  toInsert: (ctx, scope, input) => {
    assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
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
  toPatch: (_ctx, scope, input) => {
    assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
    return input;
  },
  referencedBy: [
    { table: contacts, column: contacts.companyId },
    { table: deals, column: deals.companyId },
    { table: activities, column: activities.companyId },
    { table: tasks, column: tasks.companyId },
  ],
};
