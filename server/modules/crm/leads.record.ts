import { eq, isNotNull, isNull } from 'drizzle-orm';
import { raiseSequence } from '../../data/bulk';
import { nextSequence } from '../../data/sequences';
import { users } from '../../db/schema';
import { activities, leads, tasks } from '../../db/schema-crm';
import { iso } from '../../lib/schemas';
import { CreateLead, LeadSchema, ListLeads, UpdateLead, type CreateLeadInput, type LeadDto, type LeadFilters } from './leads.schemas';
import { sameEmail } from './duplicate-keys';
import { centsOrNull, dateOrNull, importField, ownerField } from './record-transfer';
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

export const leadSpec = {
  table: leads,
  prefix: 'led',
  label: 'Lead',
  tag: 'Leads',
  schemas: { dto: LeadSchema, create: CreateLead, update: UpdateLead, list: ListLeads },
  search: {
    kind: 'lead',
    slot: 2,
    label: "coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')",
    name: "coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')",
    extra: ["'LED-' || printf('%04d', new.number)", 'new.email', 'new.company_name'],
    phone: 'new.phone',
  },
  timeline: { link: 'lead_id' },
  sorts: { createdAt: leads.createdAt, updatedAt: leads.updatedAt, number: leads.number, title: leads.title },
  toDto: toLeadDto,
  filters: (_ctx, f) => [
    f.stage ? eq(leads.stage, f.stage) : undefined,
    f.source ? eq(leads.source, f.source) : undefined,
    f.converted === undefined ? undefined : f.converted ? isNotNull(leads.convertedAt) : isNull(leads.convertedAt),
  ],
  toInsert: async (ctx, scope, input) => {
    await assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
    return {
      // Numbered inside the inserting transaction: concurrent creations get distinct, consecutive numbers.
      number: await nextSequence(scope, 'lead'),
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
  toPatch: async (_ctx, scope, input) => {
    await assertRefs(scope, [{ id: input.ownerId, table: users, label: 'Owner' }]);
    const { value, ...rest } = input;
    return value === undefined ? rest : { ...rest, valueCents: toCents(value) };
  },
  bulk: true,
  referencedBy: [
    { table: activities, column: activities.leadId },
    { table: tasks, column: tasks.leadId },
  ],
  transfer: {
    exportNames: [{ column: 'owner', from: 'ownerId', lookup: 'userEmail' }],
    import: {
      fields: [
        importField('title', ['lead', 'lead title', 'subject', 'name']),
        importField('contactName', ['contact', 'contact name', 'person', 'full name']),
        importField('email', ['e-mail', 'email address', 'e-mail address', 'mail']),
        importField('phone', ['phone number', 'telephone', 'tel', 'mobile']),
        importField('companyName', ['company', 'organization', 'organisation', 'account']),
        importField('source', ['lead source', 'channel']),
        importField('stage', ['status', 'lead stage']),
        importField('value', ['amount', 'estimated value', 'worth'], 'number'),
        importField('lostReason', ['lost reason', 'reason lost']),
        importField('ownerId'),
        ownerField,
      ],
      duplicates: sameEmail(leads),
    },
    // Leads keep their numbers; a missing or repeated one gets the next free number.
    restore: (records, remap) => {
      const numbers = records.map((r) => Number(/(\d+)$/.exec(String(r.number))?.[1] ?? 0));
      let next = Math.max(0, ...numbers);
      const used = new Set<number>();
      return records.map((r, i) => {
        let number = numbers[i]!;
        if (number <= 0 || used.has(number)) number = ++next;
        used.add(number);
        return {
          number,
          title: r.title,
          contactName: r.contactName,
          email: r.email,
          phone: r.phone,
          companyName: r.companyName,
          source: r.source,
          stage: r.stage,
          valueCents: centsOrNull(r.value),
          ownerId: remap.user(r.ownerId as string | null),
          lostReason: r.lostReason,
          convertedAt: dateOrNull(r.convertedAt),
          convertedContactId: remap.ref('contacts', r.convertedContactId as string | null),
          convertedCompanyId: remap.ref('companies', r.convertedCompanyId as string | null),
          convertedDealId: remap.ref('deals', r.convertedDealId as string | null),
          deletedAt: dateOrNull(r.deletedAt),
        };
      });
    },
    afterRestore: async (tx, rows) => {
      if (rows.length > 0) await raiseSequence(tx, 'lead', Math.max(...rows.map((r) => r.number as number)));
    },
  },
} satisfies RecordSpec<typeof leads, LeadDto, CreateLeadInput, Partial<CreateLeadInput>, LeadFilters>;
