import { apiFetch, toApiError } from '../lib/api';
import type { ImportFields } from '../lib/types';

/**
 * The first records of a CSV text (the header row and one example row), parsed
 * as the server does: RFC 4180 quotes, CRLF/LF/CR line ends, a leading BOM
 * dropped, blank lines skipped, header names trimmed.
 */
export function firstRecords(text: string, max = 2): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRecord = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== '') records.push(cells);
    cells = [];
    cell = '';
  };
  for (; i < text.length && records.length < max; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c !== '"') cell += c;
      else if (text[i + 1] === '"') {
        cell += '"';
        i++;
      } else quoted = false;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
    } else cell += c;
  }
  if (records.length < max && (cell !== '' || cells.length)) endRecord();
  return records;
}

export interface Sample {
  header: string[];
  example: string[];
}

/** The header row and an example row of a file, reading only its start (a file may be large). */
export async function sampleOf(source: File | string): Promise<Sample> {
  const text = typeof source === 'string' ? source : await source.slice(0, 256 * 1024).text();
  const [header = [], example = []] = firstRecords(text);
  return { header: header.map((c) => c.trim()), example };
}

/** The fields an import of this type takes, and the server's own matching of this header row. */
export async function fetchFields(entity: string, header: string[]): Promise<ImportFields> {
  // Registered one by one on the server, so not in the typed client; the answer's type still comes from its zod schema.
  const res = await apiFetch(`/api/import/${entity}/fields?columns=${encodeURIComponent(JSON.stringify(header))}`);
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as ImportFields;
}

export const fieldsKey = (entity: string, header: string[]) => ['import-fields', entity, header] as const;

/** For each column, the field it fills ("" ignores it): the server's suggestion unless the user chose. */
export function chosenFields(fields: ImportFields, choices: Record<number, string>): string[] {
  return fields.columns.map((c, i) => choices[i] ?? c.field ?? '');
}

/** Per column, the header of an earlier column that already fills the same field (two columns for one field). */
export function clashes(fields: ImportFields, chosen: string[]): (string | null)[] {
  const seen = new Map<string, string>();
  return chosen.map((field, i) => {
    if (!field) return null;
    const other = seen.get(field);
    if (other !== undefined) return other;
    seen.set(field, fields.columns[i]?.header ?? '');
    return null;
  });
}

export function MappingEditor({
  fields,
  example,
  chosen,
  onChoose,
}: {
  fields: ImportFields;
  example: string[];
  chosen: string[];
  onChoose: (column: number, field: string) => void;
}) {
  const clash = clashes(fields, chosen);
  return (
    <fieldset className="mapping">
      <legend>Columns</legend>
      <p className="hint">
        Each column of the file, with the field it fills. The server’s matching by name is pre-selected; change it or ignore a column.
      </p>
      {fields.columns.map(({ header }, i) => {
        const id = `map-${i}`;
        const sample = example[i]?.trim();
        const other = clash[i];
        return (
          <div className="map-row" key={`${i}-${header}`}>
            <label htmlFor={id}>
              <span className="sr-only">Column </span>
              <span className="map-header">{header || `(column ${i + 1} has no name)`}</span>
            </label>
            <span className="hint" id={`${id}-example`}>
              {sample ? `e.g. ${sample.length > 40 ? `${sample.slice(0, 40)}…` : sample}` : 'empty in the first row'}
            </span>
            <select
              id={id}
              value={chosen[i] ?? ''}
              aria-describedby={`${id}-example${other ? ` ${id}-error` : ''}`}
              aria-invalid={other ? true : undefined}
              onChange={(e) => onChoose(i, e.target.value)}
            >
              <option value="">Ignore this column</option>
              {fields.fields.map((f) => (
                <option key={f.name} value={f.name} title={f.note}>
                  {f.note ? `${f.name} (${f.note})` : f.name}
                </option>
              ))}
            </select>
            {other ? (
              <p className="field-error" id={`${id}-error`}>
                Column “{other}” already fills {chosen[i]}: choose another field or ignore one of them.
              </p>
            ) : null}
          </div>
        );
      })}
    </fieldset>
  );
}
