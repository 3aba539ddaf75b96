import { ApiError, client, ok } from '../api';
import { field, h } from '../dom';
import { getRecord, humanize, listHref, RECORDS, saveRecord, type FieldDef, type RecordType } from '../records';
import { navigate } from '../router';
import { isViewer, writeForm } from '../session';
import type { Company, Contact, Pipeline } from '../types';
import { errorBox } from './login';
import { loadCompanies } from './owners';

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

type Control = HTMLInputElement | HTMLSelectElement;

const none = () => h('option', { value: '' }, '(none)');

export async function recordFormView(type: RecordType, id: string | null): Promise<HTMLElement> {
  const spec = RECORDS[type];
  if (isViewer()) return h('p', null, 'Your role can read records but not change them.');
  const wants = (t: FieldDef['type']) => spec.fields.some((f) => f.type === t);
  const [existing, companies, contacts, pipelines] = await Promise.all([
    id ? getRecord(type, id) : Promise.resolve(null),
    wants('company') ? loadCompanies() : Promise.resolve([] as Company[]),
    wants('contact')
      ? ok(client.api.contacts.$get({ query: { limit: '200', sort: 'lastName' } })).then((p) => p.data as unknown as Contact[])
      : Promise.resolve([] as Contact[]),
    wants('pipeline') ? ok(client.api.pipelines.$get({ query: {} })).then((p) => p.data as Pipeline[]) : Promise.resolve([] as Pipeline[]),
  ]);
  const values = (existing ?? {}) as Record<string, unknown>;
  const initialOf = (f: FieldDef) => (values[f.name] == null ? (id ? '' : (f.initial ?? '')) : String(values[f.name]));
  // A new deal starts in the default pipeline (the server's default too); its stage list follows the pipeline select.
  const pipelineValue = String(values.pipelineId ?? (pipelines.find((p) => p.isDefault) ?? pipelines[0])?.id ?? '');
  const stagesOf = (pipelineId: string, selected: string) =>
    (pipelines.find((p) => p.id === pipelineId)?.stages ?? []).map((s) =>
      h('option', { value: s.id, selected: s.id === selected }, s.name),
    );
  const build = (f: FieldDef, value: string): Control => {
    switch (f.type) {
      case 'company':
        return h(
          'select',
          { name: f.name },
          none(),
          companies.map((c) => h('option', { value: c.id, selected: c.id === value }, c.name)),
        );
      case 'contact':
        return h(
          'select',
          { name: f.name },
          none(),
          contacts.map((c) => h('option', { value: c.id, selected: c.id === value }, `${c.firstName} ${c.lastName}`)),
        );
      case 'pipeline':
        return h(
          'select',
          { name: f.name },
          pipelines.map((p) => h('option', { value: p.id, selected: p.id === pipelineValue }, p.name)),
        );
      case 'stage':
        return h('select', { name: f.name }, stagesOf(pipelineValue, value));
      case 'select':
        return h(
          'select',
          { name: f.name },
          (f.options ?? []).map((o) => h('option', { value: o, selected: o === value }, humanize(o))),
        );
      case 'number':
        return h('input', { name: f.name, type: 'number', min: '0', step: '0.01', inputmode: 'decimal', value });
      case 'percent':
        return h('input', { name: f.name, type: 'number', min: '0', max: '100', step: '1', inputmode: 'numeric', value });
      default:
        return h('input', { name: f.name, type: f.type ?? 'text', value, required: f.required });
    }
  };
  const controls = spec.fields.map((f) => {
    const control = build(f, initialOf(f));
    return { f, control, wrap: field(f.required ? `${f.label} (required)` : f.label, control, f.hint) };
  });
  const pipelineSelect = controls.find((c) => c.f.type === 'pipeline')?.control;
  const stageSelect = controls.find((c) => c.f.type === 'stage')?.control;
  pipelineSelect?.addEventListener('change', () => stageSelect?.replaceChildren(...stagesOf(pipelineSelect.value, '')));
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
          // On edit only what changed is sent: a deal's shown probability may be its stage's, and must not become its own.
          if (id && v === initialOf(f)) continue;
          // A number the browser cannot parse stays a string, so the server's message names it.
          const numeric = f.type === 'number' || f.type === 'percent';
          if (v) body[f.name] = numeric && Number.isFinite(Number(v)) ? Number(v) : v;
          else if (id && values[f.name] != null)
            body[f.name] = null; // cleared on edit
          else if (f.required) body[f.name] = ''; // let the server name the missing field
        }
        if (id && Object.keys(body).length === 0) return navigate(`/${type}/${id}`); // nothing changed
        try {
          const saved = await saveRecord(type, id, body);
          navigate(`/${type}/${saved.id}`);
        } catch (err) {
          showFieldErrors(form, status, err);
        }
      },
    },
    h(
      'fieldset',
      null,
      h('legend', { class: 'sr-only' }, `${id ? 'Edit' : 'New'} ${spec.singular}`),
      controls.map((c) => c.wrap),
    ),
    status,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, id ? 'Save' : `Create ${spec.singular}`),
      h('a', { class: 'button', href: id ? `/${type}/${id}` : listHref(type) }, 'Cancel'),
    ),
  );
  return writeForm(form) ?? errorBox(new Error('Read only.'));
}
