import { eq, isNotNull, isNull } from 'drizzle-orm';
import { nextSequence } from '../../data/sequences';
import { users } from '../../db/schema';
import { activities, leads, tasks } from '../../db/schema-crm';
import { iso } from '../../lib/schemas';
import type { CreateLeadInput, LeadDto, LeadFilters } from './leads.schemas';
import { assertRefs, fromCents, toCents, type RecordSpec } from './record-kit';
import { isoTime } from '../../lib/iso-time';

type Row = typeof leads.$inferSelect;

export const leadNumber = (n: number) => `LED-${String(n).padStart(4, '0')}`;

export const toLeadDto = (row: Row): LeadDto => ({
  id: row.id,
  number: leadNumber(row.number),
  title: row.title,
  contactName: row.contactName,
  email: row.email,
  phone: row.phone,
  companyName: row.companyName,
  source: row.source,
  stage: row.stage,
  value: fromCents(row.valueCents),
  ownerId: row.ownerId,
  lostReason: row.lostReason,
  convertedAt: iso(row.convertedAt),
  convertedContactId: row.convertedContactId,
  convertedCompanyId: row.convertedCompanyId,
  convertedDealId: row.convertedDealId,
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
  deletedAt: iso(row.deletedAt),
});

export const leadSpec: RecordSpec<typeof leads, LeadDto, CreateLeadInput, Partial<CreateLeadInput>, LeadFilters> = {
  table: leads,
  prefix: 'led',
  label: 'Lead',
  searchKind: 'lead',
  sorts: { createdAt: leads.createdAt, updatedAt: leads.updatedAt, number: leads.number, title: leads.title },
  toDto: toLeadDto,
  filters: (_ctx, f) => [
    f.stage ? eq(leads.stage, f.stage) : undefined,
    f.source ? eq(leads.source, f.source) : undefined,
    f.converted === undefined ? undefined : f.converted ? isNotNull(leads.convertedAt) : isNull(leads.convertedAt),
  ],
  toInsert: (ctx, scope, input) => {
    assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
    return {
      // Numbered inside the inserting transaction: concurrent creations get distinct, consecutive numbers.
      number: nextSequence(scope, 'lead'),
      title: input.title,
      contactName: input.contactName ?? null,
      email: input.email ?? null,
      phone: input.phone ?? null,
      companyName: input.companyName ?? null,
      source: input.source ?? 'other',
      stage: input.stage ?? 'new',
      valueCents: toCents(input.value) ?? null,
      ownerId: input.ownerId === undefined ? (ctx.auth.user?.id ?? null) : input.ownerId,
      lostReason: input.lostReason ?? null,
    };
  },
  toPatch: (_ctx, scope, input) => {
    assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
    const { value, ...rest } = input;
    return value === undefined ? rest : { ...rest, valueCents: toCents(value) };
  },
  referencedBy: [
    { table: activities, column: activities.leadId },
    { table: tasks, column: tasks.leadId },
  ],
};
