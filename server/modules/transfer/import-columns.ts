import { validationFailed } from '../../../platform/errors';
import type { AnyRecordSpec } from '../crm/record-kit';
import { IMPORTABLE_TYPES, RECORD_TYPES, type ImportableTypeName } from '../crm/record-types';
import type { ImportField } from '../crm/record-transfer';

/*
 * How a file's header row is matched to the CSV columns a record type's
 * definition says its import understands: by an explicit mapping, else by name or a
 * common alias, case, spaces, dashes and underscores ignored ("E-mail",
 * "first_name", "First Name" all match).
 */

export const IMPORT_ENTITIES = IMPORTABLE_TYPES;
export type ImportEntity = ImportableTypeName;
export type { ImportField };

/** The CSV columns an importable record type understands (from its definition in the registry). */
export const importFields = (entity: ImportEntity): ImportField[] => importOf(entity).fields;

export const importOf = (entity: ImportEntity) => (RECORD_TYPES[entity] as AnyRecordSpec).transfer.import!;

/** "E-mail Address" → "emailaddress": what header names are compared by. */
export const normalizeHeader = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.]+/g, '');

export interface ColumnPlan {
  /** For each column of the file: the field it fills, or null when it is ignored. */
  fields: (string | null)[];
  ignored: string[];
}

/** Normalised field names and aliases → field name; a field's own name wins over another's alias. */
function nameIndex(entity: ImportEntity): Map<string, string> {
  const byName = new Map<string, string>();
  for (const field of importFields(entity)) {
    byName.set(normalizeHeader(field.name), field.name);
    for (const alias of field.aliases) if (!byName.has(normalizeHeader(alias))) byName.set(normalizeHeader(alias), field.name);
  }
  return byName;
}

/**
 * What the web UI pre-selects for each column: the field planColumns would
 * match without a mapping, except that a field already taken by an earlier
 * column is left out (null), so the suggestion is always a valid mapping.
 */
export function suggestFields(entity: ImportEntity, header: string[]): (string | null)[] {
  const byName = nameIndex(entity);
  const taken = new Set<string>();
  return header.map((h) => {
    const field = byName.get(normalizeHeader(h.trim())) ?? null;
    if (!field || taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

/**
 * Matches the file's header row to fields. An explicit mapping wins
 * (header → field, or header → "" to ignore a column); other headers match a
 * field name or alias. Two columns filling one field is an error, and so is
 * a mapping that names a header the file lacks or a field the record lacks.
 */
export function planColumns(entity: ImportEntity, header: string[], mapping: Record<string, string> = {}): ColumnPlan {
  const known = importFields(entity);
  const byName = nameIndex(entity);
  const explicit = new Map<string, string>();
  const issues: { path: string; message: string }[] = [];
  for (const [from, to] of Object.entries(mapping)) {
    if (to !== '' && !known.some((k) => k.name === to))
      issues.push({ path: `mapping.${from}`, message: `No field "${to}" on ${entity}. Fields: ${known.map((k) => k.name).join(', ')}.` });
    if (!header.some((h) => h === from || normalizeHeader(h) === normalizeHeader(from)))
      issues.push({ path: `mapping.${from}`, message: `The file has no column "${from}".` });
    explicit.set(normalizeHeader(from), to);
  }
  const fields: (string | null)[] = [];
  const ignored: string[] = [];
  const taken = new Map<string, string>();
  for (const h of header) {
    const key = normalizeHeader(h);
    const field = explicit.has(key) ? explicit.get(key) || null : (byName.get(key) ?? null);
    if (field && taken.has(field)) {
      issues.push({
        path: 'header',
        message: `Columns "${taken.get(field)}" and "${h}" both fill ${field}: map one of them to "" to ignore it.`,
      });
    }
    if (field) taken.set(field, h);
    else ignored.push(h);
    fields.push(field);
  }
  if (issues.length > 0) throw validationFailed(issues, 'The column mapping does not fit the file.');
  return { fields, ignored };
}

/** Turns a mapping query parameter (a JSON object) and repeated map.<header>=<field> parameters into one mapping. */
export function mappingFrom(json: string | undefined, pairs: [string, string][]): Record<string, string> {
  const out: Record<string, string> = {};
  if (json) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw validationFailed([{ path: 'mapping', message: 'Not valid JSON: give an object like {"E-mail":"email"}.' }]);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string'))
      throw validationFailed([{ path: 'mapping', message: 'Give an object of header names to field names, e.g. {"E-mail":"email"}.' }]);
    Object.assign(out, parsed);
  }
  for (const [header, field] of pairs) out[header] = field;
  if (Object.keys(out).length > 200) throw validationFailed([{ path: 'mapping', message: 'At most 200 mapped columns.' }]);
  return out;
}
