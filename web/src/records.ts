import { client, ok } from './api';
import type { Company, Contact } from './types';

export type RecordType = 'contacts' | 'companies';
export type AnyRecord = Contact | Company;

export interface FieldDef {
  name: string;
  label: string;
  type?: 'text' | 'email' | 'tel' | 'url' | 'company';
  required?: boolean;
}

/** What the UI knows about each record type: its fields, sorts and name. */
export const RECORDS: Record<RecordType, { singular: string; fields: FieldDef[]; sorts: [string, string][]; columns: [string, (r: never) => string][] }> = {
  contacts: {
    singular: 'contact',
    fields: [
      { name: 'firstName', label: 'First name', required: true },
      { name: 'lastName', label: 'Last name', required: true },
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'phone', label: 'Phone', type: 'tel' },
      { name: 'title', label: 'Job title' },
      { name: 'companyId', label: 'Company', type: 'company' },
    ],
    sorts: [
      ['-createdAt', 'Newest first'],
      ['createdAt', 'Oldest first'],
      ['lastName', 'Last name A–Z'],
      ['-lastName', 'Last name Z–A'],
      ['-updatedAt', 'Recently updated'],
    ],
    columns: [
      ['Name', (r: Contact) => `${r.firstName} ${r.lastName}`],
      ['Email', (r: Contact) => r.email ?? ''],
      ['Phone', (r: Contact) => r.phone ?? ''],
      ['Title', (r: Contact) => r.title ?? ''],
    ] as [string, (r: never) => string][],
  },
  companies: {
    singular: 'company',
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'domain', label: 'Domain' },
      { name: 'industry', label: 'Industry' },
      { name: 'phone', label: 'Phone', type: 'tel' },
      { name: 'website', label: 'Website', type: 'url' },
      { name: 'address', label: 'Address' },
    ],
    sorts: [
      ['-createdAt', 'Newest first'],
      ['createdAt', 'Oldest first'],
      ['name', 'Name A–Z'],
      ['-name', 'Name Z–A'],
      ['-updatedAt', 'Recently updated'],
    ],
    columns: [
      ['Name', (r: Company) => r.name],
      ['Domain', (r: Company) => r.domain ?? ''],
      ['Industry', (r: Company) => r.industry ?? ''],
      ['Phone', (r: Company) => r.phone ?? ''],
    ] as [string, (r: never) => string][],
  },
};

export const displayName = (type: RecordType, r: AnyRecord) => (type === 'contacts' ? `${(r as Contact).firstName} ${(r as Contact).lastName}` : (r as Company).name);

export async function listPage(type: RecordType, query: { q?: string; sort?: string; cursor?: string; limit?: string; companyId?: string }) {
  const clean = Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as typeof query;
  const page = type === 'contacts' ? await ok(client.api.contacts.$get({ query: clean })) : await ok(client.api.companies.$get({ query: clean }));
  return page as unknown as { data: AnyRecord[]; nextCursor: string | null; total: number };
}

export async function getRecord(type: RecordType, id: string): Promise<AnyRecord> {
  const param = { id };
  return (type === 'contacts' ? await ok(client.api.contacts[':id'].$get({ param })) : await ok(client.api.companies[':id'].$get({ param }))) as unknown as AnyRecord;
}

export async function saveRecord(type: RecordType, id: string | null, body: Record<string, unknown>): Promise<AnyRecord> {
  // The record routes take their bodies as loosely typed JSON; the server validates them.
  const json = body as never;
  if (type === 'contacts') return (id ? await ok(client.api.contacts[':id'].$patch({ param: { id }, json })) : await ok(client.api.contacts.$post({ json }))) as unknown as AnyRecord;
  return (id ? await ok(client.api.companies[':id'].$patch({ param: { id }, json })) : await ok(client.api.companies.$post({ json }))) as unknown as AnyRecord;
}
