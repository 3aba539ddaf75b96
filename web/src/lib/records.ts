import { client, ok } from './api';
import { money } from './format';
import type { ImportableTypeName, RecordTypeName, TimelineTypeName } from '../../../server/modules/crm/record-types';
import type { Company, Contact, Deal, Lead, Product } from './types';

/** The record types with a page of their own: the server registry's types with a timeline (RECORDS below must have each). */
export type RecordType = TimelineTypeName;
export type AnyRecord = Contact | Company | Lead | Deal | Product;

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

// The server registry's record types, in the order the import and export screens offer them.
export const IMPORTABLE_TYPES = ['contacts', 'companies', 'leads', 'deals', 'products'] as const satisfies readonly ImportableTypeName[];
export type _ImportableComplete = Exhaustive<Exclude<ImportableTypeName, (typeof IMPORTABLE_TYPES)[number]>>;
export const EXPORTABLE_TYPES = [
  'companies',
  'contacts',
  'leads',
  'deals',
  'activities',
  'tasks',
  'products',
] as const satisfies readonly RecordTypeName[];
export type _ExportableComplete = Exhaustive<Exclude<RecordTypeName, (typeof EXPORTABLE_TYPES)[number]>>;

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
  { singular: string; title: string; fields: FieldDef[]; sorts: [string, string][]; columns: Column[]; display: (r: never) => string }
> = {
  contacts: {
    singular: 'contact',
    display: (r: Contact) => `${r.firstName} ${r.lastName}`,
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
    display: (r: Company) => r.name,
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
    display: (r: Lead) => r.title,
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
    display: (r: Deal) => r.title,
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
  products: {
    singular: 'product',
    display: (r: Product) => r.name,
    title: 'Products',
    fields: [
      { name: 'name', label: 'Name', required: true },
      { name: 'sku', label: 'SKU' },
      { name: 'unitPrice', label: 'Unit price', type: 'number', required: true },
      { name: 'currency', label: 'Currency', hint: 'Three letters, e.g. EUR; empty for the organisation’s currency.' },
      { name: 'taxRate', label: 'Tax rate (%)', type: 'percent' },
      { name: 'description', label: 'Description' },
    ],
    sorts: [
      ['name', 'Name A–Z'],
      ['-name', 'Name Z–A'],
      ['-createdAt', 'Newest first'],
      ['-updatedAt', 'Recently updated'],
    ],
    columns: [
      ['Name', (r: Product) => r.name],
      ['SKU', (r: Product) => r.sku ?? ''],
      ['Unit price', (r: Product) => money(r.unitPrice, r.currency)],
      ['Tax', (r: Product) => `${r.taxRate}%`],
      ['Active', (r: Product) => (r.active ? 'Yes' : 'No')],
    ] as Column[],
  },
};

export const displayName = (type: RecordType, r: AnyRecord): string => RECORDS[type].display(r as never);

export type ListQuery = Record<string, string | undefined>;
type Page = { data: AnyRecord[]; nextCursor: string | null; total: number };

/** A record type's routes in the typed client: every type has the same generic CRUD routes, so one call serves them all. */
export const recordApi = (type: RecordType) => client.api[type];

export async function listPage(type: RecordType, query: ListQuery): Promise<Page> {
  // The record routes' queries are typed loosely (generic route factory); the server validates them.
  const clean = Object.fromEntries(Object.entries(query).filter(([, v]) => v)) as Record<string, string>;
  return (await ok(recordApi(type).$get({ query: clean }))) as unknown as Page;
}

export async function getRecord(type: RecordType, id: string): Promise<AnyRecord> {
  return (await ok(recordApi(type)[':id'].$get({ param: { id } }))) as unknown as AnyRecord;
}

export async function saveRecord(type: RecordType, id: string | null, body: Record<string, unknown>): Promise<AnyRecord> {
  // The record routes take their bodies as loosely typed JSON; the server validates them.
  const json = body as never;
  const routes = recordApi(type);
  return (id
    ? await ok(routes[':id'].$patch({ param: { id }, json }))
    : await ok(routes.$post({ json, header: {} }))) as unknown as AnyRecord;
}

/** To the trash (the server's default); restorable from there. */
export async function deleteRecord(type: RecordType, id: string): Promise<void> {
  await ok(recordApi(type)[':id'].$delete({ param: { id }, query: {} }));
}
