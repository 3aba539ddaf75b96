import { eq } from 'drizzle-orm';
import { companyNameOf } from '../../db/search-index-definition';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, leads, tasks } from '../../db/schema-crm';
import { iso } from '../../lib/schemas';
import { assertRefs, type RecordSpec } from './record-kit';
import {
  ContactSchema,
  CreateContact,
  ListContacts,
  UpdateContact,
  type ContactDto,
  type ContactFilters,
  type CreateContactInput,
} from './contacts.schemas';
import { sameEmail } from './duplicate-keys';
import { dateOrNull, importField, ownerField, resolvedField } from './record-transfer';
import { isoTime } from '../../lib/iso-time';

type Row = typeof contacts.$inferSelect;

export const toContactDto = (row: Row): ContactDto => ({
  id: row.id,
  firstName: row.firstName,
  lastName: row.lastName,
  email: row.email,
  phone: row.phone,
  title: row.title,
  companyId: row.companyId,
  ownerId: row.ownerId,
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
  deletedAt: iso(row.deletedAt),
});

export const contactSpec = {
  table: contacts,
  prefix: 'con',
  label: 'Contact',
  tag: 'Contacts',
  schemas: { dto: ContactSchema, create: CreateContact, update: UpdateContact, list: ListContacts },
  search: {
    kind: 'contact',
    slot: 1,
    label: "new.first_name || ' ' || new.last_name",
    name: "new.first_name || ' ' || new.last_name",
    extra: ['new.email', 'new.title', companyNameOf('company_id')],
    phone: 'new.phone',
  },
  timeline: { link: 'contact_id' },
  sorts: { createdAt: contacts.createdAt, updatedAt: contacts.updatedAt, lastName: contacts.lastName },
  toDto: toContactDto,
  filters: (_ctx, f) => [f.companyId ? eq(contacts.companyId, f.companyId) : undefined, f.email ? eq(contacts.email, f.email) : undefined],
  toInsert: async (ctx, scope, input) => {
    await assertRefs(scope, [
      { id: input.companyId, table: companies, label: 'Company' },
      { id: input.ownerId, table: users, label: 'Owner' },
    ]);
    return {
      firstName: input.firstName,
      lastName: input.lastName,
      email: input.email ?? null,
      phone: input.phone ?? null,
      title: input.title ?? null,
      companyId: input.companyId ?? null,
      ownerId: input.ownerId === undefined ? (ctx.auth.user?.id ?? null) : input.ownerId,
    };
  },
  toPatch: async (_ctx, scope, input) => {
    await assertRefs(scope, [
      { id: input.companyId, table: companies, label: 'Company' },
      { id: input.ownerId, table: users, label: 'Owner' },
    ]);
    return input;
  },
  bulk: true,
  referencedBy: [
    { table: deals, column: deals.contactId },
    { table: activities, column: activities.contactId },
    { table: tasks, column: tasks.contactId },
    { table: leads, column: leads.convertedContactId },
  ],
  transfer: {
    exportNames: [
      { column: 'company', from: 'companyId', lookup: 'companyName' },
      { column: 'owner', from: 'ownerId', lookup: 'userEmail' },
    ],
    import: {
      fields: [
        importField('firstName', ['first', 'first name', 'given name', 'forename']),
        importField('lastName', ['last', 'last name', 'surname', 'family name']),
        resolvedField(
          'fullName',
          ['name', 'full name', 'contact', 'contact name'],
          'split into first and last name when those columns are absent',
        ),
        importField('email', ['e-mail', 'email address', 'e-mail address', 'mail']),
        importField('phone', ['phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell']),
        importField('title', ['job title', 'position', 'role']),
        importField('companyId'),
        resolvedField(
          'company',
          ['company name', 'organization', 'organisation', 'account', 'account name', 'employer'],
          'a company name: found (case-insensitively) or created',
        ),
        importField('ownerId'),
        ownerField,
      ],
      duplicates: sameEmail(contacts),
    },
    restore: (records, remap) =>
      records.map((r) => ({
        firstName: r.firstName,
        lastName: r.lastName,
        email: r.email,
        phone: r.phone,
        title: r.title,
        companyId: remap.ref('companies', r.companyId as string | null),
        ownerId: remap.user(r.ownerId as string | null),
        deletedAt: dateOrNull(r.deletedAt),
      })),
  },
} satisfies RecordSpec<typeof contacts, ContactDto, CreateContactInput, Partial<CreateContactInput>, ContactFilters>;
