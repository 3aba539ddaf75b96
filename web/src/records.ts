import { client, ok } from './api';
import { money } from './dom';
import type { Company, Contact, Deal, Lead } from './types';

export type RecordType = 'contacts' | 'companies' | 'leads' | 'deals';
export type AnyRecord = Contact | Company | Lead | Deal;

// The server's enums, restated here because the browser takes only types from the server;
// the checks below fail the typecheck if the server adds or drops a value.
export const LEAD_STAGES = ['new', 'contacted', 'qualified', 'proposal', 'won', 'lost'] as const satisfies readonly Lead['stage'][];
export const LEAD_SOURCES = [
  'website',
  'referral',
  'event',
  'cold_call',
  'email',
  'social',
  'partner',
  'advertising',
  'other',
] as const satisfies readonly Lead['source'][];
type Exhaustive<T extends never> = T;
export type _StagesComplete = Exhaustive<Exclude<Lead['stage'], (typeof LEAD_STAGES)[number]>>;
export type _SourcesComplete = Exhaustive<Exclude<Lead['source'], (typeof LEAD_SOURCES)[number]>>;
export const DEAL_STATUSES = ['open', 'won', 'lost'] as const satisfies readonly Deal['status'][];
export type _DealStatusesComplete = Exhaustive<Exclude<Deal['status'], (typeof DEAL_STATUSES)[number]>>;

/** Where a type's list lives: deals keep /deals for the pipeline board, so their list is /deals/list. */
export const listHref = (type: RecordType) => (type === 'deals' ? '/deals/list' : `/${type}`);

/** 'cold_call' → 'Cold call'. */
export const humanize = (v: string) => (v ? v[0]!.toUpperCase() + v.slice(1).replace(/_/g, ' ') : v);

export interface FieldDef {
  name: string;
  label: string;
  /** pipeline and stage go together: the stage select offers the stages of the chosen pipeline. */
  type?: 'text' | 'email' | 'tel' | 'url' | 'company' | 'contact' | 'pipeline' | 'stage' | 'number' | 'percent' | 'date' | 'select';
  options?: readonly string[];
  /** Preselected on a new record: the server's own default. */
  initial?: string;
  required?: boolean;
  hint?: string;
}

type Column = [string, (r: never) => string];

/** What the UI knows about each record type: its fields, sorts and name. */
export const RECORDS: Record<
  RecordType,
  { singular: string; title: string; fields: FieldDef[]; sorts: [string, string][]; columns: Column[] }
> = {
  contacts: {
    singular: 'contact',
    title: 'Contacts',
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
    ] as Column[],
  },
  companies: {
    singular: 'company',
    title: 'Companies',
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
    ] as Column[],
  },
  leads: {
    singular: 'lead',
    title: 'Leads',
    fields: [
      { name: 'title', label: 'Title', required: true },
      { name: 'contactName', label: 'Contact name' },
      { name: 'email', label: 'Email', type: 'email' },
      { name: 'phone', label: 'Phone', type: 'tel' },
      { name: 'companyName', label: 'Company name' },
      { name: 'source', label: 'Source', type: 'select', options: LEAD_SOURCES, initial: 'other' },
      { name: 'stage', label: 'Stage', type: 'select', options: LEAD_STAGES, initial: 'new' },
      { name: 'value', label: 'Value', type: 'number' },
    ],
    sorts: [
      ['-createdAt', 'Newest first'],
      ['createdAt', 'Oldest first'],
      ['title', 'Title A–Z'],
      ['-title', 'Title Z–A'],
      ['-number', 'Number, highest first'],
      ['-updatedAt', 'Recently updated'],
    ],
    columns: [
      ['Title', (r: Lead) => r.title],
      ['Number', (r: Lead) => r.number],
      ['Stage', (r: Lead) => (r.convertedAt ? `${humanize(r.stage)} · converted` : humanize(r.stage))],
      ['Source', (r: Lead) => humanize(r.source)],
      ['Contact', (r: Lead) => [r.contactName, r.companyName].filter(Boolean).join(', ')],
      ['Value', (r: Lead) => (r.value == null ? '' : r.value.toLocaleString('en'))],
    ] as Column[],
  },
  deals: {
    singular: 'deal',
    title: 'Deals',
    fields: [
      { name: 'title', label: 'Title', required: true },
      { name: 'value', label: 'Value', type: 'number' },
      { name: 'currency', label: 'Currency', hint: 'Three letters, e.g. EUR; empty for the organisation’s currency.' },
      { name: 'pipelineId', label: 'Pipeline', type: 'pipeline' },
      { name: 'stageId', label: 'Stage', type: 'stage' },
      { name: 'companyId', label: 'Company', type: 'company' },
      { name: 'contactId', label: 'Contact', type: 'contact' },
      { name: 'expectedCloseDate', label: 'Expected close date', type: 'date' },
      { name: 'probability', label: 'Probability (%)', type: 'percent', hint: 'Empty: the stage’s probability.' },
      { name: 'lostReason', label: 'Lost reason', hint: 'Needed when the stage is a lost stage.' },
    ],
    sorts: [
      ['-createdAt', 'Newest first'],
      ['createdAt', 'Oldest first'],
      ['title', 'Title A–Z'],
      ['-title', 'Title Z–A'],
      ['-value', 'Value, highest first'],
      ['value', 'Value, lowest first'],
      ['expectedCloseDate', 'Closing soonest'],
      ['-updatedAt', 'Recently updated'],
    ],
    // The stage column needs the pipelines, so the list view adds it.
    columns: [
      ['Title', (r: Deal) => r.title],
      ['Value', (r: Deal) => money(r.value, r.currency)],
      ['Status', (r: Deal) => humanize(r.status)],
      ['Close date', (r: Deal) => r.expectedCloseDate ?? ''],
      ['Probability', (r: Deal) => `${r.probability}%`],
    ] as Column[],
  },
};

export function displayName(type: RecordType, r: AnyRecord): string {
  if (type === 'contacts') return `${(r as Contact).firstName} ${(r as Contact).lastName}`;
  if (type === 'leads' || type === 'deals') return (r as Lead | Deal).title;
  return (r as Company).name;
}

export type ListQuery = Record<string, string | undefined>;
type Page = { data: AnyRecord[]; nextCursor: string | null; total: number };

export async function listPage(type: RecordType, query: ListQuery): Promise<Page> {
  // The record routes' queries are typed loosely (generic route factory); the server validates them.
  const clean = Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as Record<string, string>;
  const api = client.api;
  const page =
    type === 'contacts'
      ? await ok(api.contacts.$get({ query: clean }))
      : type === 'leads'
        ? await ok(api.leads.$get({ query: clean }))
        : type === 'deals'
          ? await ok(api.deals.$get({ query: clean }))
          : await ok(api.companies.$get({ query: clean }));
  return page as unknown as Page;
}

export async function getRecord(type: RecordType, id: string): Promise<AnyRecord> {
  const param = { id };
  const api = client.api;
  const rec =
    type === 'contacts'
      ? await ok(api.contacts[':id'].$get({ param }))
      : type === 'leads'
        ? await ok(api.leads[':id'].$get({ param }))
        : type === 'deals'
          ? await ok(api.deals[':id'].$get({ param }))
          : await ok(api.companies[':id'].$get({ param }));
  return rec as unknown as AnyRecord;
}

export async function saveRecord(type: RecordType, id: string | null, body: Record<string, unknown>): Promise<AnyRecord> {
  // The record routes take their bodies as loosely typed JSON; the server validates them.
  const json = body as never;
  if (type === 'contacts')
    return (id
      ? await ok(client.api.contacts[':id'].$patch({ param: { id }, json }))
      : await ok(client.api.contacts.$post({ json }))) as unknown as AnyRecord;
  if (type === 'leads')
    return (id
      ? await ok(client.api.leads[':id'].$patch({ param: { id }, json }))
      : await ok(client.api.leads.$post({ json }))) as unknown as AnyRecord;
  if (type === 'deals')
    return (id
      ? await ok(client.api.deals[':id'].$patch({ param: { id }, json }))
      : await ok(client.api.deals.$post({ json }))) as unknown as AnyRecord;
  return (id
    ? await ok(client.api.companies[':id'].$patch({ param: { id }, json }))
    : await ok(client.api.companies.$post({ json }))) as unknown as AnyRecord;
}

/** To the trash (the server's default); restorable from there. */
export async function deleteRecord(type: RecordType, id: string): Promise<void> {
  const args = { param: { id }, query: {} };
  if (type === 'contacts') await ok(client.api.contacts[':id'].$delete(args));
  else if (type === 'leads') await ok(client.api.leads[':id'].$delete(args));
  else if (type === 'deals') await ok(client.api.deals[':id'].$delete(args));
  else await ok(client.api.companies[':id'].$delete(args));
}
