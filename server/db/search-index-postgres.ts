import { rowLevelSecurity } from './row-level-security';
import type { SearchedRecord } from './search-index-definition';

/*
 * The full-text index on PostgreSQL, generated from the same definitions as SQLite's FTS5
 * triggers (each searched type's `search` entry in the registry): a search_documents row per live
 * record with a weighted tsvector (the name above the other words) under a GIN index, kept by
 * triggers on every write path. Words are lower-cased, stripped of accents (the unaccent
 * extension, in Debian's postgresql-contrib and on the managed services) and split on anything
 * that is not a letter or digit, as SQLite's unicode61 tokenizer and searchWords() do; a query
 * matches each word as a prefix.
 */

/** A definition's SQL (written for SQLite) in PostgreSQL's words: the one SQLite-only function the definitions use. */
export function postgresExpression(sqlite: string): string {
  const translated = sqlite.replace(
    /printf\('%0(\d)d', ([^)]+)\)/g,
    (_m, width: string, value: string) => `lpad((${value})::text, ${width}, '0')`,
  );
  if (/\bprintf\(|\binstr\(|\bifnull\(/.test(translated)) throw new Error(`no PostgreSQL spelling for ${sqlite}`);
  return translated;
}

const FUNCTIONS = [
  'CREATE EXTENSION IF NOT EXISTS unaccent',
  // searchWords(): lower case, no accents, letters and digits only. unaccent() is STABLE, so the wrapper is declared IMMUTABLE for the index.
  `CREATE OR REPLACE FUNCTION crm_search_words(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT trim(regexp_replace(lower(public.unaccent('public.unaccent'::regdictionary, coalesce(value, ''))), '[^[:alnum:]]+', ' ', 'g'))
$$`,
  // phoneForms(): as typed, its digits, their last ten and last seven.
  `CREATE OR REPLACE FUNCTION crm_phone_forms(phone text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN phone IS NULL OR phone = '' THEN '' ELSE
    phone || ' ' || d || ' ' || right(d, 10) || ' ' || right(d, 7) END
  FROM (SELECT regexp_replace(coalesce(phone, ''), '[ ()+./-]', '', 'g') AS d) AS digits
$$`,
  `CREATE TABLE search_documents (
  tenant_id text NOT NULL,
  kind text NOT NULL,
  ref text NOT NULL,
  label text NOT NULL,
  document tsvector NOT NULL,
  PRIMARY KEY (tenant_id, kind, ref)
)`,
  'CREATE INDEX search_documents_document_idx ON search_documents USING gin (document)',
  ...rowLevelSecurity('search_documents'),
];

/** The weighted words of a record, over `new`: the name as A, the rest as B. */
function documentOf(record: SearchedRecord): string {
  const extra = [
    ...record.extra.map((e) => `coalesce(${postgresExpression(e)}, '')`),
    ...(record.phone ? [`crm_phone_forms(${record.phone})`] : []),
  ];
  const name = `setweight(to_tsvector('simple', crm_search_words(${postgresExpression(record.name)})), 'A')`;
  const rest = `setweight(to_tsvector('simple', crm_search_words(${extra.join(` || ' ' || `) || "''"})), 'B')`;
  return `${name} || ${rest}`;
}

/** The trigger function and trigger that keep one record type's documents. */
function recordStatements(record: SearchedRecord): string[] {
  const fn = `${record.table}_search_document`;
  return [
    `CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM search_documents WHERE tenant_id = old.tenant_id AND kind = '${record.kind}' AND ref = old.id;
  END IF;
  IF TG_OP <> 'DELETE' AND new.deleted_at IS NULL THEN
    INSERT INTO search_documents (tenant_id, kind, ref, label, document)
    VALUES (new.tenant_id, '${record.kind}', new.id, coalesce(${postgresExpression(record.label)}, ''), ${documentOf(record)});
  END IF;
  RETURN NULL;
END
$$`,
    `CREATE TRIGGER ${record.table}_search AFTER INSERT OR UPDATE OR DELETE ON ${record.table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
  ];
}

/**
 * A contact's and a deal's documents hold their company's (and a deal its contact's) name, so a
 * rename re-indexes them: a no-op update fires their own trigger. SQLite's twins are
 * companies_search_cascade and contacts_search_cascade in server/db/migrations/0002.
 */
export const SEARCH_CASCADES: string[] = [
  `CREATE OR REPLACE FUNCTION companies_search_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE contacts SET company_id = company_id WHERE tenant_id = new.tenant_id AND company_id = new.id;
  UPDATE deals SET company_id = company_id WHERE tenant_id = new.tenant_id AND company_id = new.id;
  RETURN NULL;
END
$$`,
  'CREATE TRIGGER companies_search_cascade AFTER UPDATE OF name, deleted_at ON companies FOR EACH ROW EXECUTE FUNCTION companies_search_cascade()',
  `CREATE OR REPLACE FUNCTION contacts_search_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE deals SET contact_id = contact_id WHERE tenant_id = new.tenant_id AND contact_id = new.id;
  RETURN NULL;
END
$$`,
  'CREATE TRIGGER contacts_search_cascade AFTER UPDATE OF first_name, last_name ON contacts FOR EACH ROW EXECUTE FUNCTION contacts_search_cascade()',
];

/** The first migration's statements: the functions and table, each searched type's trigger, the cascades. */
export function postgresSearchStatements(records: readonly SearchedRecord[]): string[] {
  return [...FUNCTIONS, ...records.flatMap(recordStatements), ...SEARCH_CASCADES];
}

/** Statements for searched types added later: their triggers only. */
export const postgresSearchTriggers = (records: readonly SearchedRecord[]): string[] => records.flatMap(recordStatements);

/**
 * A bulk load's way round the triggers: the triggers off for the load, then every live record
 * of each type indexed by one statement (the trigger's own expressions, over the table as `new`).
 */
export function postgresSearchBulkLoad(records: readonly SearchedRecord[]): { before: string[]; after: string[] } {
  return {
    before: records.map((r) => `ALTER TABLE ${r.table} DISABLE TRIGGER ${r.table}_search`),
    after: records.flatMap((r) => [
      `INSERT INTO search_documents (tenant_id, kind, ref, label, document)
  SELECT new.tenant_id, '${r.kind}', new.id, coalesce(${postgresExpression(r.label)}, ''), ${documentOf(r)} FROM ${r.table} AS new WHERE new.deleted_at IS NULL`,
      `ALTER TABLE ${r.table} ENABLE TRIGGER ${r.table}_search`,
    ]),
  };
}
