import type { SearchKind } from '../data/search';

/**
 * The full-text index's triggers, written once here: every searched record type is one entry,
 * and the SQL of its insert, update and delete triggers is generated from it. The migration that
 * installs them (0004_search_triggers.sql) holds this generator's output, and
 * test/server/search-index.test.ts checks that a migrated database carries exactly the triggers
 * generated here, so the two cannot drift.
 *
 * An index row's rowid is the record's rowid times SEARCH_SLOTS plus the type's slot: room for
 * SEARCH_SLOTS record types (the first scheme, rowid * 4 + kind, had none left).
 */
export const SEARCH_SLOTS = 64;

export interface SearchedRecord {
  kind: SearchKind;
  /** Unique per type, below SEARCH_SLOTS; never reused, or an old row would be taken for a new type's. */
  slot: number;
  table: string;
  /** SQL over `new.*`: the text shown in results (kept as typed). */
  label: string;
  /** SQL over `new.*`: what ranks highest (the name). */
  name: string;
  /** SQL over `new.*`, each may be NULL: the other words a record is found by. */
  extra: string[];
  /** A phone column, indexed as typed and as its digits, last ten and last seven digits. */
  phone?: string;
}

const companyName = (column: string) => `(SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.${column})`;

export const SEARCHED_RECORDS: readonly SearchedRecord[] = [
  {
    kind: 'company',
    slot: 0,
    table: 'companies',
    label: 'new.name',
    name: 'new.name',
    extra: ['new.domain', 'new.industry', 'new.website'],
    phone: 'new.phone',
  },
  {
    kind: 'contact',
    slot: 1,
    table: 'contacts',
    label: "new.first_name || ' ' || new.last_name",
    name: "new.first_name || ' ' || new.last_name",
    extra: ['new.email', 'new.title', companyName('company_id')],
    phone: 'new.phone',
  },
  {
    kind: 'lead',
    slot: 2,
    table: 'leads',
    label: "coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')",
    name: "coalesce(new.title,'') || ' ' || coalesce(new.contact_name,'')",
    extra: ["'LED-' || printf('%04d', new.number)", 'new.email', 'new.company_name'],
    phone: 'new.phone',
  },
  {
    kind: 'deal',
    slot: 3,
    table: 'deals',
    label: 'new.title',
    name: 'new.title',
    extra: [
      companyName('company_id'),
      "(SELECT p.first_name || ' ' || p.last_name FROM contacts p WHERE p.tenant_id = new.tenant_id AND p.id = new.contact_id)",
    ],
  },
];

/** The words after the name: each extra (a missing one is empty), then the phone's forms. */
function extraText(record: SearchedRecord): string {
  const parts = record.extra.map((e) => `coalesce(${e},'')`);
  if (record.phone) parts.push(`crm_phone_forms(${record.phone})`);
  return parts.join(" || ' ' || ");
}

function indexRow(record: SearchedRecord): string {
  return `new.rowid * ${SEARCH_SLOTS} + ${record.slot}, new.tenant_id, '${record.kind}', new.id, ${record.label}, crm_search_text(new.tenant_id, ${record.name}), crm_search_text(new.tenant_id, ${extraText(record)})`;
}

const COLUMNS = 'INSERT INTO search_index (rowid, tenant, kind, ref, label, name, extra)';

/** CREATE TRIGGER statements for one record type: insert, update (re-index, or drop when deleted), delete. */
export function searchTriggers(record: SearchedRecord): string[] {
  const t = record.table;
  const row = `old.rowid * ${SEARCH_SLOTS} + ${record.slot}`;
  return [
    `CREATE TRIGGER ${t}_search_insert AFTER INSERT ON ${t} WHEN new.deleted_at IS NULL BEGIN\n  ${COLUMNS} VALUES (${indexRow(record)});\nEND`,
    `CREATE TRIGGER ${t}_search_update AFTER UPDATE ON ${t} BEGIN\n  DELETE FROM search_index WHERE rowid = ${row};\n  ${COLUMNS} SELECT ${indexRow(record)} WHERE new.deleted_at IS NULL;\nEND`,
    `CREATE TRIGGER ${t}_search_delete AFTER DELETE ON ${t} BEGIN\n  DELETE FROM search_index WHERE rowid = ${row};\nEND`,
  ];
}

/** Re-indexes every live record of one type (the migration that changes the triggers does this). */
export function reindexStatement(record: SearchedRecord): string {
  return `${COLUMNS} SELECT ${indexRow(record)} FROM ${record.table} AS new WHERE new.deleted_at IS NULL`;
}

/** The whole migration: the old triggers out, the index emptied, the generated triggers in, every record indexed again. */
export function searchTriggersMigration(): string[] {
  return [
    ...SEARCHED_RECORDS.flatMap((r) => ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS ${r.table}_search_${op}`)),
    'DELETE FROM search_index',
    ...SEARCHED_RECORDS.flatMap(searchTriggers),
    ...SEARCHED_RECORDS.map(reindexStatement),
  ];
}
