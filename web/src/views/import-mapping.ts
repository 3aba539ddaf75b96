import { apiFetch, toApiError } from '../api';
import { h, uid } from '../dom';
import type { ImportFields } from '../types';

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

/** The header row and an example row of a file, reading only its start (a file may be large). */
export async function sampleOf(source: File | string): Promise<{ header: string[]; example: string[] }> {
  const text = typeof source === 'string' ? source : await source.slice(0, 256 * 1024).text();
  const [header = [], example = []] = firstRecords(text);
  return { header: header.map((c) => c.trim()), example };
}

async function fetchFields(entity: string, header: string[]): Promise<ImportFields> {
  // Registered one by one on the server, so not in the typed client; the answer's type still comes from its zod schema.
  const res = await apiFetch(`/api/import/${entity}/fields?columns=${encodeURIComponent(JSON.stringify(header))}`);
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as ImportFields;
}

export interface MappingEditor {
  element: HTMLElement;
  /** Shows the columns of this header for this record type, pre-selected by the server's own matching. No-op when unchanged. */
  sync(entity: string, sample: { header: string[]; example: string[] }): Promise<void>;
  /** header → field ("" ignores the column), or null (with the problem shown) when two columns fill one field. */
  mapping(): Record<string, string> | null;
  /** Whether no two columns fill one field (the inline errors follow). */
  valid(): boolean;
}

export function mappingEditor(): MappingEditor {
  const element = h('fieldset', { class: 'mapping', hidden: true }, h('legend', null, 'Columns'));
  let shownFor = '';
  let selects: { header: string; select: HTMLSelectElement; error: HTMLElement }[] = [];

  function check(): boolean {
    const seen = new Map<string, string>();
    let valid = true;
    for (const { header, select, error } of selects) {
      const other = select.value ? seen.get(select.value) : undefined;
      error.hidden = !other;
      error.textContent = other ? `Column “${other}” already fills ${select.value}: choose another field or ignore one of them.` : '';
      if (other) select.setAttribute('aria-invalid', 'true');
      else select.removeAttribute('aria-invalid');
      if (other) valid = false;
      else if (select.value) seen.set(select.value, header);
    }
    return valid;
  }

  return {
    element,
    async sync(entity, { header, example }) {
      const key = JSON.stringify([entity, header]);
      if (key === shownFor) return;
      shownFor = key;
      selects = [];
      if (!header.length) {
        element.hidden = true;
        element.replaceChildren(h('legend', null, 'Columns'));
        return;
      }
      const answer = await fetchFields(entity, header);
      if (key !== shownFor) return; // a newer file or record type won meanwhile
      const rows = answer.columns.map(({ header: name, field }, i) => {
        const id = uid('map');
        const select = h(
          'select',
          { id, name: `map-${i}`, 'aria-describedby': `${id}-example ${id}-error`, onchange: check },
          h('option', { value: '', selected: field === null }, 'Ignore this column'),
          answer.fields.map((f) =>
            h('option', { value: f.name, selected: f.name === field, title: f.note ?? null }, f.note ? `${f.name} (${f.note})` : f.name),
          ),
        );
        const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true });
        selects.push({ header: name, select, error });
        const sample = example[i]?.trim();
        return h(
          'div',
          { class: 'map-row' },
          h(
            'label',
            { for: id },
            h('span', { class: 'sr-only' }, 'Column '),
            h('span', { class: 'map-header' }, name || `(column ${i + 1} has no name)`),
          ),
          h(
            'span',
            { class: 'hint', id: `${id}-example` },
            sample ? `e.g. ${sample.length > 40 ? `${sample.slice(0, 40)}…` : sample}` : 'empty in the first row',
          ),
          select,
          error,
        );
      });
      element.replaceChildren(
        h('legend', null, 'Columns'),
        h(
          'p',
          { class: 'hint' },
          'Each column of the file, with the field it fills. The server’s matching by name is pre-selected; change it or ignore a column.',
        ),
        ...rows,
      );
      element.hidden = false;
    },
    valid: check,
    mapping() {
      if (!check()) {
        selects.find((s) => s.select.getAttribute('aria-invalid'))?.select.focus();
        return null;
      }
      return Object.fromEntries(selects.map(({ header, select }) => [header, select.value]));
    },
  };
}
