import { ApiError, client, ok } from '../api';
import { field, h } from '../dom';
import { getRecord, humanize, RECORDS, saveRecord, type RecordType } from '../records';
import { navigate } from '../router';
import { isViewer, writeForm } from '../session';
import type { Company } from '../types';
import { errorBox } from './login';

/** Shows the API's field errors next to their inputs (and a summary); returns true when any field matched. */
export function showFieldErrors(form: HTMLFormElement, status: HTMLElement, err: unknown) {
  form.querySelectorAll('.field-error').forEach((p) => ((p as HTMLElement).hidden = true));
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  status.replaceChildren(errorBox(err));
  if (!(err instanceof ApiError)) return;
  let first: HTMLElement | null = null;
  for (const f of err.fields) {
    const control = form.querySelector<HTMLInputElement>(`[name="${CSS.escape(f.path.split('.')[0] ?? '')}"]`);
    const slot = control && form.querySelector<HTMLElement>(`#${CSS.escape(control.id)}-error`);
    if (!control || !slot) continue;
    slot.textContent = f.message;
    slot.hidden = false;
    control.setAttribute('aria-invalid', 'true');
    control.setAttribute('aria-describedby', slot.id);
    first ??= control;
  }
  first?.focus();
}

export async function recordFormView(type: RecordType, id: string | null): Promise<HTMLElement> {
  const spec = RECORDS[type];
  if (isViewer()) return h('p', null, 'Your role can read records but not change them.');
  const [existing, companies] = await Promise.all([
    id ? getRecord(type, id) : Promise.resolve(null),
    spec.fields.some((f) => f.type === 'company') ? ok(client.api.companies.$get({ query: { limit: '200', sort: 'name' } })).then((p) => p.data as unknown as Company[]) : Promise.resolve([]),
  ]);
  const values = (existing ?? {}) as Record<string, unknown>;
  const controls = spec.fields.map((f) => {
    const value = values[f.name] == null ? (id ? '' : (f.initial ?? '')) : String(values[f.name]);
    const control =
      f.type === 'company'
        ? h('select', { name: f.name }, h('option', { value: '' }, '(none)'), companies.map((c) => h('option', { value: c.id, selected: c.id === value }, c.name)))
        : f.type === 'select'
          ? h('select', { name: f.name }, (f.options ?? []).map((o) => h('option', { value: o, selected: o === value }, humanize(o))))
          : f.type === 'number'
            ? h('input', { name: f.name, type: 'number', min: '0', step: '0.01', inputmode: 'decimal', value })
            : h('input', { name: f.name, type: f.type ?? 'text', value, required: f.required });
    return { f, control, wrap: field(f.required ? `${f.label} (required)` : f.label, control) };
  });
  const status = h('div', { class: 'form-status' });
  const form = h(
    'form',
    {
      class: 'card record-form',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        const body: Record<string, unknown> = {};
        for (const { f, control } of controls) {
          const v = control.value.trim();
          // A number the browser cannot parse stays a string, so the server's message names it.
          if (v) body[f.name] = f.type === 'number' && Number.isFinite(Number(v)) ? Number(v) : v;
          else if (id && values[f.name] != null) body[f.name] = null; // cleared on edit
          else if (f.required) body[f.name] = ''; // let the server name the missing field
        }
        try {
          const saved = await saveRecord(type, id, body);
          navigate(`/${type}/${saved.id}`);
        } catch (err) {
          showFieldErrors(form, status, err);
        }
      },
    },
    h('fieldset', null, h('legend', { class: 'sr-only' }, `${id ? 'Edit' : 'New'} ${spec.singular}`), controls.map((c) => c.wrap)),
    status,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, id ? 'Save' : `Create ${spec.singular}`), h('a', { class: 'button', href: id ? `/${type}/${id}` : `/${type}` }, 'Cancel')),
  );
  return writeForm(form) ?? errorBox(new Error('Read only.'));
}
