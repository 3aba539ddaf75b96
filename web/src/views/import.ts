import { ApiError, toApiError } from '../api';
import { field, h } from '../dom';
import { writeForm } from '../session';
import type { ImportReport } from '../types';
import { errorBox } from './login';

const ENTITIES = ['contacts', 'companies', 'leads', 'deals'] as const;

async function runImport(entity: string, mode: 'dry-run' | 'skip-invalid', csv: string): Promise<ImportReport> {
  // The body is raw CSV, which the typed client does not send; the answer is typed all the same.
  const res = await fetch(`/api/import/${entity}?mode=${mode}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: csv, credentials: 'same-origin' });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as ImportReport;
}

function reportView(r: ImportReport): HTMLElement {
  const c = r.counts;
  return h(
    'section',
    { class: 'card report', 'aria-label': 'Import report' },
    h('h2', null, r.committed ? 'Imported' : 'Dry run: nothing was written'),
    h('p', null, `${c.rows} rows · ${c.created} ${r.committed ? 'created' : 'would be created'} · ${c.updated} updated · ${c.duplicates} duplicates · ${c.invalid} invalid`),
    r.columns.ignored.length ? h('p', { class: 'muted' }, `Ignored columns: ${r.columns.ignored.join(', ')}`) : null,
    r.errors.length
      ? h(
          'table',
          { class: 'records errors' },
          h('caption', null, 'Lines with problems'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Problem'))),
          h('tbody', null, r.errors.map((e) => h('tr', { class: 'bad-line' }, h('td', null, `Line ${e.line}`), h('td', null, e.field ?? ''), h('td', null, e.message)))),
        )
      : h('p', null, 'Every line is valid.'),
    r.errorsTruncated ? h('p', { class: 'muted' }, 'More lines have problems than are listed.') : null,
  );
}

export function importView(): HTMLElement {
  const entity = h('select', { name: 'entity' }, ENTITIES.map((e) => h('option', { value: e }, e)));
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv' });
  const text = h('textarea', { name: 'csv', rows: 8, spellcheck: 'false', placeholder: 'firstName,lastName,email\nAna,Ops,ana@example.com' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (f) text.value = await f.text();
  });
  const out = h('div', { class: 'import-result', 'aria-live': 'polite' });
  const go = async (mode: 'dry-run' | 'skip-invalid') => {
    out.replaceChildren(h('p', { class: 'loading' }, mode === 'dry-run' ? 'Checking…' : 'Importing…'));
    try {
      out.replaceChildren(reportView(await runImport(entity.value, mode, text.value)));
    } catch (err) {
      out.replaceChildren(errorBox(err instanceof ApiError ? err : err));
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
      field('CSV file', file),
      field('Or paste CSV', text, 'The first line names the columns (e.g. firstName, lastName, email, phone, title, company).'),
    ),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, 'Check (dry run)'), h('button', { type: 'button', class: 'primary', onclick: () => void go('skip-invalid') }, 'Import valid rows')),
  );
  const exports = h(
    'section',
    { class: 'card' },
    h('h2', null, 'Export'),
    h(
      'ul',
      { class: 'exports' },
      ['companies', 'contacts', 'leads', 'deals', 'activities', 'tasks'].map((e) =>
        h('li', null, `${e}: `, h('a', { href: `/api/export/${e}?format=csv`, download: `${e}.csv` }, 'CSV'), ' · ', h('a', { href: `/api/export/${e}?format=json`, download: `${e}.json` }, 'JSON')),
      ),
    ),
  );
  return h('div', { class: 'import-view' }, writeForm(form) ?? h('p', null, 'Your role can export but not import.'), out, exports);
}
