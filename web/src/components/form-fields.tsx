import type { ReactElement } from 'react';
import { humanize, type FieldDef } from '../lib/records';
import type { Pipeline } from '../lib/types';
import { PersonPicker, RecordPicker } from './record-picker';

/** A form field as the record form shows it: the registry's, plus the owner (and a product's "active"). */
export interface FormField extends Omit<FieldDef, 'type'> {
  type?: FieldDef['type'] | 'owner' | 'checkbox' | 'textarea';
}

/** Fields whose server limit allows several lines. */
const MULTILINE = new Set(['description', 'lostReason']);

export const controlType = (f: FieldDef): FormField['type'] => (MULTILINE.has(f.name) ? 'textarea' : f.type);

/**
 * The control of one field, controlled by the form's string value ('' for none; pickers hold an
 * id). <Field> gives it its id and its error wiring.
 */
export function FieldControl({
  field: f,
  value,
  set,
  pipelines,
  pipelineId,
  onBlur,
  ...wiring
}: {
  /** Set by <Field>. */
  id?: string;
  'aria-invalid'?: boolean;
  'aria-describedby'?: string;
  field: FormField;
  value: string;
  set: (value: string) => void;
  pipelines: Pipeline[];
  pipelineId: string;
  onBlur?: (() => void) | undefined;
}): ReactElement {
  const common = { ...wiring, name: f.name, onBlur };
  switch (f.type) {
    case 'company':
      return <RecordPicker {...wiring} type="companies" value={value || null} onChange={(id) => set(id ?? '')} clearable />;
    case 'contact':
      return <RecordPicker {...wiring} type="contacts" value={value || null} onChange={(id) => set(id ?? '')} clearable />;
    case 'owner':
      return <PersonPicker {...wiring} value={value || null} onChange={(id) => set(id ?? '')} clearable emptyLabel="Nobody" />;
    case 'pipeline':
      return (
        <select {...common} value={value} onChange={(e) => set(e.target.value)}>
          {pipelines.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      );
    case 'stage':
      return (
        <select {...common} value={value} onChange={(e) => set(e.target.value)}>
          {(pipelines.find((p) => p.id === pipelineId)?.stages ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      );
    case 'select':
      return (
        <select {...common} value={value} onChange={(e) => set(e.target.value)}>
          {(f.options ?? []).map((o) => (
            <option key={o} value={o}>
              {humanize(o)}
            </option>
          ))}
        </select>
      );
    case 'checkbox':
      return <input {...common} type="checkbox" checked={value === 'true'} onChange={(e) => set(String(e.target.checked))} />;
    case 'textarea':
      return <textarea {...common} rows={3} value={value} onChange={(e) => set(e.target.value)} />;
    case 'number':
      return (
        <input {...common} type="number" min="0" step="0.01" inputMode="decimal" value={value} onChange={(e) => set(e.target.value)} />
      );
    case 'percent':
      return (
        <input
          {...common}
          type="number"
          min="0"
          max="100"
          step="any"
          inputMode="decimal"
          value={value}
          onChange={(e) => set(e.target.value)}
        />
      );
    case 'date':
      return <input {...common} type="date" value={value} onChange={(e) => set(e.target.value)} />;
    default:
      return (
        <input
          {...common}
          type={f.type ?? 'text'}
          value={value}
          // Someone else's details: the browser's memory of the user's own would be wrong here.
          autoComplete="off"
          onChange={(e) => set(e.target.value)}
        />
      );
  }
}
