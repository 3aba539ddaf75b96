/**
 * The full-text index's triggers, written once here: every searched record type carries a
 * `search` entry in its definition (server/modules/crm/*.record.ts), and the SQL of its insert,
 * update and delete triggers is generated from it. The migrations that install them
 * (0004_search_triggers.sql for the first four types) hold this generator's output, and
 * test/server/search-index.test.ts checks that a migrated database carries exactly the triggers
 * generated for every searched type in the registry, so the two cannot drift.
 *
 * An index row's rowid is the record's rowid times SEARCH_SLOTS plus the type's slot: room for
 * SEARCH_SLOTS record types (the first scheme, rowid * 4 + kind, had none left).
 */
export const SEARCH_SLOTS = 64;

/** A record type's entry in the full-text index (the `search` of its definition). */
export interface SearchIndexing {
  /** What /api/search calls it: company, contact, … */
  kind: string;
  /** Unique per type, below SEARCH_SLOTS; never reused, or an old row would be taken for a new type's. */
  slot: number;
  /** SQL over `new.*`: the text shown in results (kept as typed). */
  label: string;
  /** SQL over `new.*`: what ranks highest (the name). */
  name: string;
  /** SQL over `new.*`, each may be NULL: the other words a record is found by. */
  extra: string[];
  /** A phone column, indexed as typed and as its digits, last ten and last seven digits. */
  phone?: string;
}

/** A searched record type: its table and its indexing. */
export type SearchedRecord = SearchIndexing & { table: string };

/** SQL for `extra`: the name of the company a column of `new` points at. */
export const companyNameOf = (column: string) =>
  `(SELECT c.name FROM companies c WHERE c.tenant_id = new.tenant_id AND c.id = new.${column})`;

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

/**
 * A migration's statements for these record types: their old triggers out, their rows of the
 * index dropped, the generated triggers in, every live record indexed again. 0004 ran it for the
 * first four types; a new searchable type's migration runs it for that type alone.
 */
export function searchTriggersMigration(records: readonly SearchedRecord[]): string[] {
  return [
    ...records.flatMap((r) => ['insert', 'update', 'delete'].map((op) => `DROP TRIGGER IF EXISTS ${r.table}_search_${op}`)),
    ...records.map((r) => `DELETE FROM search_index WHERE kind = '${r.kind}'`),
    ...records.flatMap(searchTriggers),
    ...records.map(reindexStatement),
  ];
}
