import { getTableName } from 'drizzle-orm';
import type { SearchedRecord } from '../../db/search-index-definition';
import { activitySpec, taskSpec } from './activities.record';
import { companySpec } from './companies.record';
import { contactSpec } from './contacts.record';
import { dealSpec } from './deals.record';
import { leadSpec } from './leads.record';
import { productSpec } from './products.record';
import type { AnyRecordSpec } from './record-kit';

/**
 * The registry of record types: every CRM record type is one entry, keyed by its name (its
 * table's name: the API path /api/<name>, the export section, the audit log's entity). The
 * routes (server/app.ts), the OpenAPI document, the search index, the timeline, CSV import and
 * export, the whole-tenant document and the web UI's type list all read it; adding a type is
 * one definition here plus its table and migration (CONTRIBUTING.md).
 *
 * In dependency order: a type only refers to types before it, so a whole-tenant import can
 * recreate them in this order (leads' conversion links point forward at deals, which come first).
 */
export const RECORD_TYPES = {
  companies: companySpec,
  contacts: contactSpec,
  deals: dealSpec,
  leads: leadSpec,
  activities: activitySpec,
  tasks: taskSpec,
  products: productSpec,
} as const satisfies Record<string, AnyRecordSpec>;

export type RecordTypeName = keyof typeof RECORD_TYPES;
type Specs = typeof RECORD_TYPES;

/** Types with a history page (/{id}/timeline) and a page in the web UI. */
export type TimelineTypeName = { [K in RecordTypeName]: Specs[K] extends { timeline: object } ? K : never }[RecordTypeName];
/** Types a CSV file can be imported into. */
export type ImportableTypeName = { [K in RecordTypeName]: Specs[K]['transfer'] extends { import: object } ? K : never }[RecordTypeName];

export const RECORD_TYPE_NAMES = Object.keys(RECORD_TYPES) as RecordTypeName[];

export const recordTypeEntries = () => Object.entries(RECORD_TYPES) as [RecordTypeName, AnyRecordSpec][];

/** Importable types, in registry order, as the non-empty tuple z.enum wants. */
export const IMPORTABLE_TYPES = RECORD_TYPE_NAMES.filter((name) => (RECORD_TYPES[name] as AnyRecordSpec).transfer.import) as [
  ImportableTypeName,
  ...ImportableTypeName[],
];

/** Types with a timeline. */
export const TIMELINE_TYPES = RECORD_TYPE_NAMES.filter((name) => (RECORD_TYPES[name] as AnyRecordSpec).timeline) as TimelineTypeName[];

/** Every searched type's index entry with its table: what the search-index migrations and their test are generated from. */
export const SEARCHED_RECORDS: readonly SearchedRecord[] = recordTypeEntries().flatMap(([name, spec]) =>
  spec.search ? [{ ...spec.search, table: name }] : [],
);

/** What /api/search takes in `types`: the searched types' kinds, in registry order. */
export const SEARCH_KINDS = SEARCHED_RECORDS.map((r) => r.kind) as [string, ...string[]];

// A type's name is its table's: one name for the path, the export section and the audit entity.
for (const [name, spec] of recordTypeEntries())
  if (getTableName(spec.table) !== name) throw new Error(`record type ${name} has table ${getTableName(spec.table)}`);
