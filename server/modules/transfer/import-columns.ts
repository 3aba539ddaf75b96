import { validationFailed } from '../../../platform/errors';

/*
 * Which CSV columns an import understands, per record type, and how a file's
 * header row is matched to them: by an explicit mapping, else by name or a
 * common alias, case, spaces, dashes and underscores ignored ("E-mail",
 * "first_name", "First Name" all match).
 */

export const IMPORT_ENTITIES = ['companies', 'contacts', 'leads', 'deals'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

type Kind = 'text' | 'number' | 'integer';

export interface ImportField {
  name: string;
  kind: Kind;
  aliases: string[];
  /** Shown in the OpenAPI document and docs/import-export.md. */
  note?: string;
}

const f = (name: string, aliases: string[] = [], kind: Kind = 'text', note?: string): ImportField => ({
  name,
  kind,
  aliases,
  ...(note ? { note } : {}),
});
const owner = f('owner', ['owner email', 'assigned to', 'sales rep'], 'text', "the owner's email (a user of this organisation)");

export const IMPORT_FIELDS: Record<ImportEntity, ImportField[]> = {
  companies: [
    f('name', ['company', 'company name', 'organization', 'organisation', 'account', 'account name']),
    f('domain', ['company domain', 'email domain']),
    f('industry', ['sector']),
    f('phone', ['phone number', 'telephone', 'tel']),
    f('website', ['web', 'url', 'site', 'homepage']),
    f('address', ['street address', 'location']),
    f('ownerId'),
    owner,
  ],
  contacts: [
    f('firstName', ['first', 'first name', 'given name', 'forename']),
    f('lastName', ['last', 'last name', 'surname', 'family name']),
    f('fullName', ['name', 'full name', 'contact', 'contact name'], 'text', 'split into first and last name when those columns are absent'),
    f('email', ['e-mail', 'email address', 'e-mail address', 'mail']),
    f('phone', ['phone number', 'telephone', 'tel', 'mobile', 'mobile phone', 'cell']),
    f('title', ['job title', 'position', 'role']),
    f('companyId'),
    f(
      'company',
      ['company name', 'organization', 'organisation', 'account', 'account name', 'employer'],
      'text',
      'a company name: found (case-insensitively) or created',
    ),
    f('ownerId'),
    owner,
  ],
  leads: [
    f('title', ['lead', 'lead title', 'subject', 'name']),
    f('contactName', ['contact', 'contact name', 'person', 'full name']),
    f('email', ['e-mail', 'email address', 'e-mail address', 'mail']),
    f('phone', ['phone number', 'telephone', 'tel', 'mobile']),
    f('companyName', ['company', 'organization', 'organisation', 'account']),
    f('source', ['lead source', 'channel']),
    f('stage', ['status', 'lead stage']),
    f('value', ['amount', 'estimated value', 'worth'], 'number'),
    f('lostReason', ['lost reason', 'reason lost']),
    f('ownerId'),
    owner,
  ],
  deals: [
    f('title', ['deal', 'deal name', 'name', 'opportunity']),
    f('value', ['amount', 'deal value', 'worth'], 'number'),
    f('currency', ['currency code']),
    f('pipelineId'),
    f('pipeline', ['pipeline name'], 'text', 'a pipeline name; default: the default pipeline'),
    f('stageId'),
    f('stage', ['stage name', 'deal stage'], 'text', "a stage name in the deal's pipeline; default: its first stage"),
    f('companyId'),
    f(
      'company',
      ['company name', 'organization', 'organisation', 'account'],
      'text',
      'a company name: found (case-insensitively) or created',
    ),
    f('contactId'),
    f('contact', ['contact email', 'contact e-mail'], 'text', "an existing contact's email"),
    f('expectedCloseDate', ['close date', 'expected close', 'closing date'], 'text', 'YYYY-MM-DD'),
    f('probability', ['chance', 'win probability'], 'integer', '0 to 100'),
    f('lostReason', ['lost reason', 'reason lost']),
    f('ownerId'),
    owner,
  ],
};

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
  for (const field of IMPORT_FIELDS[entity]) {
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
  const known = IMPORT_FIELDS[entity];
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
