import { eq } from 'drizzle-orm';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, tasks } from '../../db/schema-crm';
import { iso } from '../../lib/schemas';
import { assertRefs, type RecordSpec } from './record-kit';
import type { ContactDto, ContactFilters, CreateContactInput } from './contacts.schemas';
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

export const contactSpec: RecordSpec<typeof contacts, ContactDto, CreateContactInput, Partial<CreateContactInput>, ContactFilters> = {
  table: contacts,
  prefix: 'con',
  label: 'Contact',
  searchKind: 'contact',
  sorts: { createdAt: contacts.createdAt, updatedAt: contacts.updatedAt, lastName: contacts.lastName },
  toDto: toContactDto,
  filters: (_ctx, f) => [f.companyId ? eq(contacts.companyId, f.companyId) : undefined, f.email ? eq(contacts.email, f.email) : undefined],
  toInsert: (ctx, scope, input) => {
    assertRefs(scope, [
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
  toPatch: (_ctx, scope, input) => {
    assertRefs(scope, [
      { id: input.companyId, table: companies, label: 'Company' },
      { id: input.ownerId, table: users, label: 'Owner' },
    ]);
    return input;
  },
  referencedBy: [
    { table: deals, column: deals.contactId },
    { table: activities, column: activities.contactId },
    { table: tasks, column: tasks.contactId },
  ],
};
