import type { TenantScope } from '../../data/tenant-scope';

/*
 * What a record type tells import and export about itself. The transfer
 * module reads these from each type's definition in the registry
 * (record-types.ts); it keeps no list of types of its own.
 */

export type ImportFieldKind = 'text' | 'number' | 'integer';

export interface ImportField {
  name: string;
  kind: ImportFieldKind;
  aliases: string[];
  /** Shown in the OpenAPI document and docs/import-export.md. */
  note?: string;
  /** A name or email the importer turns into an id itself (owner, company, …); the `<name>Id` column then gives way to it. */
  resolved?: true;
}

export const importField = (name: string, aliases: string[] = [], kind: ImportFieldKind = 'text', note?: string): ImportField => ({
  name,
  kind,
  aliases,
  ...(note ? { note } : {}),
});

/** A field the importer resolves to an id (see RowImporter's lookups). */
export const resolvedField = (name: string, aliases: string[], note: string): ImportField => ({
  ...importField(name, aliases, 'text', note),
  resolved: true,
});

export const ownerField = resolvedField(
  'owner',
  ['owner email', 'assigned to', 'sales rep'],
  "the owner's email (a user of this organisation)",
);

/** How an import tells that a row is a record the tenant already has. */
export interface DuplicateMatch {
  /** Keys that make two rows the same record, from the row's own values (after references are looked up). */
  keys(raw: Record<string, string>, refs: Record<string, unknown>): string[];
  /** Live records of the tenant that have any of these keys. */
  existing(scope: TenantScope, keys: string[]): Promise<Map<string, Record<string, unknown>>>;
}

/** The lookups a CSV export can put next to an id: readers get "Acme Ltd", not com_01J…. */
export type NameLookup = 'userEmail' | 'companyName' | 'contactEmail' | 'stageName' | 'pipelineName';

export interface ExportName {
  /** The CSV column. */
  column: string;
  /** The DTO field holding the id. */
  from: string;
  lookup: NameLookup;
}

/** Maps an id of the exported document to the id of the record recreated from it (null when it is not there). */
export interface Remap {
  user(id: string | null | undefined): string | null;
  ref(section: string, id: string | null | undefined): string | null;
}

export interface RecordTransfer {
  /** CSV columns after the DTO's own: names next to the ids, so the file can be imported elsewhere. */
  exportNames: ExportName[];
  /** CSV import, when the type has one. */
  import?: { fields: ImportField[]; duplicates: DuplicateMatch };
  /**
   * The rows a whole-tenant import writes for a section of the document, in its order (the
   * section's records have been checked with the create schema). Throws validationFailed for a
   * record it cannot place.
   */
  restore(records: Record<string, unknown>[], remap: Remap, tx: TenantScope): Record<string, unknown>[];
  /** Runs after the section is written (a sequence raised past the numbers it brought, …). */
  afterRestore?(tx: TenantScope, rows: Record<string, unknown>[]): Promise<void>;
  /** Fields the create-schema check of a whole-tenant document leaves out (checked by restore instead). */
  uncheckedOnRestore?: string[];
}

/** Dates and money as a document carries them, back to column values. */
export const dateOrNull = (s: unknown) => (typeof s === 'string' && s ? new Date(s) : null);
export const centsOrNull = (v: unknown) => (typeof v === 'number' ? Math.round(v * 100) : null);
