import { ApiError, apiFetch, toApiError } from '../api';
import { field, h } from '../dom';
import { writeForm } from '../session';
import type { ImportReport } from '../types';
import { mappingEditor, sampleOf } from './import-mapping';
import { errorBox } from './login';
import { EXPORTABLE_TYPES, IMPORTABLE_TYPES } from '../records';

async function runImport(
  entity: string,
  mode: 'dry-run' | 'skip-invalid',
  body: File | string,
  mapping: Record<string, string>,
): Promise<ImportReport> {
  // The body is raw CSV (a chosen file is streamed as is), which the typed client does not send; the answer is typed all the same.
  const query = new URLSearchParams({ mode, mapping: JSON.stringify(mapping) });
  const res = await apiFetch(`/api/import/${entity}?${query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as ImportReport;
}

function reportView(r: ImportReport): HTMLElement {
  const c = r.counts;
  const mapped = Object.entries(r.columns.mapped);
  return h(
    'section',
    { class: 'card report', 'aria-label': 'Import report' },
    h('h2', null, r.committed ? 'Imported' : 'Dry run: nothing was written'),
    h(
      'p',
      null,
      `${c.rows} rows · ${c.created} ${r.committed ? 'created' : 'would be created'} · ${c.updated} updated · ${c.duplicates} duplicates · ${c.invalid} invalid`,
    ),
    mapped.length
      ? h('p', { class: 'muted' }, `Columns: ${mapped.map(([from, to]) => (from === to ? from : `${from} → ${to}`)).join(', ')}`)
      : null,
    r.columns.ignored.length ? h('p', { class: 'muted' }, `Ignored columns: ${r.columns.ignored.join(', ')}`) : null,
    r.errors.length
      ? h(
          'table',
          { class: 'records errors' },
          h('caption', null, 'Lines with problems'),
          h(
            'thead',
            null,
            h('tr', null, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Problem')),
          ),
          h(
            'tbody',
            null,
            r.errors.map((e) =>
              h('tr', { class: 'bad-line' }, h('td', null, `Line ${e.line}`), h('td', null, e.field ?? ''), h('td', null, e.message)),
            ),
          ),
        )
      : h('p', null, 'Every line is valid.'),
    r.errorsTruncated ? h('p', { class: 'muted' }, 'More lines have problems than are listed.') : null,
  );
}

/** An API error with its field issues listed (a mapping that does not fit the file names each problem). */
function importError(err: unknown): HTMLElement {
  const box = errorBox(err);
  if (err instanceof ApiError && err.fields.length)
    box.append(
      h(
        'ul',
        null,
        err.fields.map((f) => h('li', null, f.message)),
      ),
    );
  return box;
}

export function importView(): HTMLElement {
  const entity = h(
    'select',
    { name: 'entity' },
    IMPORTABLE_TYPES.map((e) => h('option', { value: e }, e)),
  );
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv' });
  const text = h('textarea', {
    name: 'csv',
    rows: 8,
    spellcheck: 'false',
    placeholder: 'firstName,lastName,email\nAna,Ops,ana@example.com',
  });
  const mapping = mappingEditor();
  const out = h('div', { class: 'import-result', 'aria-live': 'polite' });
  // The chosen file is sent as is; pasted text is used when no file is chosen. Choosing one clears the other.
  const source = (): File | string => file.files?.[0] ?? text.value;
  const showColumns = async () => {
    try {
      await mapping.sync(entity.value, await sampleOf(source()));
    } catch (err) {
      out.replaceChildren(importError(err));
    }
  };
  file.addEventListener('change', () => {
    text.value = '';
    void showColumns();
  });
  text.addEventListener('change', () => {
    if (text.value) file.value = '';
    void showColumns();
  });
  entity.addEventListener('change', () => void showColumns());
  // Once the columns are fixed, the complaint about them goes.
  mapping.element.addEventListener('change', () => {
    if (out.dataset.mappingError && mapping.valid()) out.replaceChildren();
  });

  const go = async (mode: 'dry-run' | 'skip-invalid') => {
    delete out.dataset.mappingError;
    const body = source();
    if (typeof body === 'string' && !body.trim()) return out.replaceChildren(errorBox(new Error('Choose a CSV file or paste CSV first.')));
    out.replaceChildren(h('p', { class: 'loading' }, mode === 'dry-run' ? 'Checking…' : 'Importing…'));
    try {
      // Typed text may not have left the box yet (no change event): the columns follow it first.
      await mapping.sync(entity.value, await sampleOf(body));
      const chosen = mapping.mapping();
      if (!chosen) {
        out.replaceChildren(errorBox(new Error('Two columns fill the same field: fix the columns marked above.')));
        out.dataset.mappingError = 'true';
        return;
      }
      out.replaceChildren(reportView(await runImport(entity.value, mode, body, chosen)));
    } catch (err) {
      out.replaceChildren(importError(err));
    }
  };
  const form = h(
    'form',
    { class: 'card', 'aria-label': 'Import CSV', onsubmit: (e: Event) => (e.preventDefault(), void go('dry-run')) },
    h('h2', null, 'Import a CSV file'),
    h(
      'fieldset',
      null,
      field('Records', entity),
      field('CSV file', file, 'Choose a file to see its columns and pick the field each one fills.'),
      field('Or paste CSV', text, 'The first line names the columns (e.g. firstName, lastName, email, phone, title, company).'),
    ),
    mapping.element,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit' }, 'Check (dry run)'),
      h('button', { type: 'button', class: 'primary', onclick: () => void go('skip-invalid') }, 'Import valid rows'),
    ),
  );
  const exports = h(
    'section',
    { class: 'card' },
    h('h2', null, 'Export'),
    h(
      'ul',
      { class: 'exports' },
      EXPORTABLE_TYPES.map((e) =>
        h(
          'li',
          null,
          `${e}: `,
          h('a', { href: `/api/export/${e}?format=csv`, download: `${e}.csv` }, 'CSV'),
          ' · ',
          h('a', { href: `/api/export/${e}?format=json`, download: `${e}.json` }, 'JSON'),
        ),
      ),
    ),
  );
  return h('div', { class: 'import-view' }, writeForm(form) ?? h('p', null, 'Your role can export but not import.'), out, exports);
}
