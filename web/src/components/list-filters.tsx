import { useEffect, useRef, useState, type ComponentProps } from 'react';
import { DEAL_STATUSES, humanize, LEAD_SOURCES, LEAD_STAGES, type ListQuery, type RecordType } from '../lib/records';
import { Field } from './field';
import { stageOptions, usePipelines } from './form-pipelines';
import { PersonPicker, RecordPicker } from './record-picker';

/*
 * The list filters each record type's endpoint accepts, by their API (and URL) names. Dates stay
 * as YYYY-MM-DD in the URL (a reload shows them as typed); the API gets whole local days.
 */

type Kind = 'owner' | 'company' | 'pipeline' | 'stage' | 'select' | 'date';
interface FilterDef {
  name: string;
  label: string;
  kind: Kind;
  /** A select's "no filter" option. */
  any?: string;
  options?: readonly (readonly [value: string, label: string])[];
}

const owner: FilterDef = { name: 'ownerId', label: 'Owner', kind: 'owner' };
const company: FilterDef = { name: 'companyId', label: 'Company', kind: 'company' };
const dates: FilterDef[] = [
  { name: 'createdFrom', label: 'Created from', kind: 'date' },
  { name: 'createdTo', label: 'Created to', kind: 'date' },
  { name: 'updatedFrom', label: 'Updated from', kind: 'date' },
  { name: 'updatedTo', label: 'Updated to', kind: 'date' },
];
const choices = (values: readonly string[]) => values.map((v) => [v, humanize(v)] as const);

export const FILTERS: Record<RecordType, FilterDef[]> = {
  contacts: [owner, company, ...dates],
  companies: [owner, ...dates],
  leads: [
    owner,
    { name: 'stage', label: 'Stage', kind: 'select', any: 'Any stage', options: choices(LEAD_STAGES) },
    { name: 'source', label: 'Source', kind: 'select', any: 'Any source', options: choices(LEAD_SOURCES) },
    {
      name: 'converted',
      label: 'Converted',
      kind: 'select',
      any: 'Either',
      options: [
        ['false', 'Not converted'],
        ['true', 'Converted'],
      ],
    },
    ...dates,
  ],
  deals: [
    { name: 'pipelineId', label: 'Pipeline', kind: 'pipeline' },
    { name: 'stageId', label: 'Stage', kind: 'stage' },
    { name: 'status', label: 'Status', kind: 'select', any: 'Any status', options: choices(DEAL_STATUSES) },
    owner,
    company,
    { name: 'closeFrom', label: 'Closing from', kind: 'date' },
    { name: 'closeTo', label: 'Closing to', kind: 'date' },
    ...dates,
  ],
  products: [
    {
      name: 'active',
      label: 'Active',
      kind: 'select',
      any: 'Either',
      options: [
        ['true', 'Active'],
        ['false', 'Retired'],
      ],
    },
    ...dates,
  ],
};

export type Filters = Record<string, string>;

/** The active filters from the URL's search parameters. */
export function readFilters(type: RecordType, search: Record<string, string>): Filters {
  return Object.fromEntries(FILTERS[type].map((f) => [f.name, search[f.name] ?? '']).filter(([, v]) => v));
}

const dayStart = (d: string) => new Date(`${d}T00:00:00`);
const validDay = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(dayStart(d).getTime());

/** The filters as the API wants them: created and updated ranges cover whole local days, both ends included. */
export function apiFilters(filters: Filters): ListQuery {
  const out: ListQuery = { ...filters };
  for (const name of ['createdFrom', 'updatedFrom'])
    if (filters[name]) out[name] = validDay(filters[name]) ? dayStart(filters[name]).toISOString() : filters[name];
  for (const name of ['createdTo', 'updatedTo'])
    if (filters[name])
      out[name] = validDay(filters[name]) ? new Date(dayStart(filters[name]).getTime() + 86_400_000 - 1).toISOString() : filters[name];
  return out;
}

/** The filter form: a disclosure (open while any filter is on) that applies by changing the URL. */
export function FilterPanel({ type, current, apply }: { type: RecordType; current: Filters; apply: (next: Filters) => void }) {
  const active = Object.keys(current).length;
  const [open, setOpen] = useState(active > 0);
  const summary = useRef<HTMLElement>(null);
  const applied = JSON.stringify(current);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    // Applied or cleared (here, or by back and forward): open while any filter is on.
    setOpen(active > 0);
    if (active === 0 && summary.current?.parentElement?.contains(document.activeElement)) summary.current.focus();
    // `applied` stands for `current`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [applied]);
  return (
    <details className="filter-panel card" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary ref={summary}>{active ? `Filters (${active} on)` : 'Filters'}</summary>
      <FilterForm type={type} current={current} applied={applied} apply={apply} />
    </details>
  );
}

function FilterForm({
  type,
  current,
  applied,
  apply,
}: {
  type: RecordType;
  current: Filters;
  applied: string;
  apply: (next: Filters) => void;
}) {
  const defs = FILTERS[type];
  const [draft, setDraft] = useState<Filters>(current);
  // The filters applied changed (Apply, Clear, back): the draft starts from them again.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  useEffect(() => setDraft(current), [applied]);
  const pipelines = usePipelines(type === 'deals');
  const set = (name: string, value: string | null) =>
    setDraft((d) => {
      const next = { ...d, [name]: value ?? '' };
      // A stage belongs to one pipeline: choosing another pipeline drops a stage of the first.
      if (name === 'pipelineId' && next.stageId && value) {
        const stages = pipelines.data?.find((p) => p.id === value)?.stages ?? [];
        if (!stages.some((s) => s.id === next.stageId)) next.stageId = '';
      }
      return next;
    });
  const control = (f: FilterDef): ComponentProps<typeof Field>['children'] => {
    const value = draft[f.name] ?? '';
    const select = (any: string, options: readonly (readonly [string, string])[]) => (
      <select name={f.name} value={value} onChange={(e) => set(f.name, e.target.value)}>
        <option value="">{any}</option>
        {options.map(([v, label]) => (
          <option key={v} value={v}>
            {label}
          </option>
        ))}
      </select>
    );
    switch (f.kind) {
      case 'owner':
        return <PersonPicker value={value || null} onChange={(id) => set(f.name, id)} clearable emptyLabel="Anyone" />;
      case 'company':
        return (
          <RecordPicker type="companies" value={value || null} onChange={(id) => set(f.name, id)} clearable emptyLabel="Any company" />
        );
      case 'pipeline':
        return select(
          'Any pipeline',
          (pipelines.data ?? []).map((p) => [p.id, p.name] as const),
        );
      case 'stage':
        return select('Any stage', stageOptions(pipelines.data ?? [], draft.pipelineId ?? ''));
      case 'select':
        return select(f.any ?? 'Any', f.options ?? []);
      case 'date':
        return <input type="date" name={f.name} value={value} onChange={(e) => set(f.name, e.target.value)} />;
    }
  };
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    apply(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)));
  };
  return (
    <form className="filters" aria-label="Filters" onSubmit={submit}>
      <div className="filter-fields">
        {defs.map((f) => (
          <Field key={f.name} label={f.label} name={f.name}>
            {control(f)}
          </Field>
        ))}
      </div>
      <div className="actions">
        <button type="submit" className="primary">
          Apply filters
        </button>
        {Object.keys(current).length > 0 ? (
          <button type="button" onClick={() => apply({})}>
            Clear filters
          </button>
        ) : null}
      </div>
    </form>
  );
}
