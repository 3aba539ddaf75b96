import { field, h } from '../dom';
import { DEAL_STATUSES, humanize, LEAD_SOURCES, LEAD_STAGES, type ListQuery, type RecordType } from '../records';
import type { Company, Pipeline } from '../types';
import type { Owner } from './owners';

/** The list filters each record type's endpoint accepts, by their API (and URL) names. */
const FILTERS: Record<RecordType, string[]> = {
  contacts: ['ownerId', 'companyId', 'createdFrom', 'createdTo'],
  companies: ['ownerId', 'createdFrom', 'createdTo'],
  leads: ['ownerId', 'stage', 'source', 'converted', 'createdFrom', 'createdTo'],
  deals: ['pipelineId', 'stageId', 'status', 'ownerId', 'companyId', 'createdFrom', 'createdTo'],
  products: ['active', 'createdFrom', 'createdTo'],
};

export type Filters = Record<string, string>;

/** The active filters from the URL (dates stay as YYYY-MM-DD there, so a reload shows them as typed). */
export function readFilters(type: RecordType, query: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS[type].map((k) => [k, query.get(k) ?? '']).filter(([, v]) => v));
}

const dayStart = (d: string) => new Date(`${d}T00:00:00`);

/** The filters as the API wants them: the date range covers whole local days, both ends included. */
export function apiFilters(filters: Filters): ListQuery {
  const out: ListQuery = { ...filters };
  if (filters.createdFrom) out.createdFrom = dayStart(filters.createdFrom).toISOString();
  if (filters.createdTo) out.createdTo = new Date(dayStart(filters.createdTo).getTime() + 86_400_000 - 1).toISOString();
  return out;
}

interface Choices {
  owners: Owner[];
  companies: Company[];
  pipelines?: Pipeline[];
}

/** Stage options: the chosen pipeline's stages, or every pipeline's (named by pipeline when there are several). */
export function stageOptions(pipelines: Pipeline[], pipelineId: string): [string, string][] {
  const shown = pipelineId ? pipelines.filter((p) => p.id === pipelineId) : pipelines;
  return shown.flatMap((p) => p.stages.map((s): [string, string] => [s.id, shown.length > 1 ? `${p.name} · ${s.name}` : s.name]));
}

/** The filter form: a disclosure (open while any filter is on) that applies by navigating to the new URL. */
export function filterForm(type: RecordType, current: Filters, choices: Choices, apply: (f: Filters) => void): HTMLElement {
  const select = (name: string, any: string, options: [string, string][]) =>
    h(
      'select',
      { name },
      h('option', { value: '' }, any),
      options.map(([v, label]) => h('option', { value: v, selected: current[name] === v }, label)),
    );
  const controls: Record<string, [string, HTMLInputElement | HTMLSelectElement]> = {
    ownerId: [
      'Owner',
      select(
        'ownerId',
        'Anyone',
        choices.owners.map((o) => [o.id, o.name]),
      ),
    ],
    companyId: [
      'Company',
      select(
        'companyId',
        'Any company',
        choices.companies.map((c) => [c.id, c.name]),
      ),
    ],
    stage: [
      'Stage',
      select(
        'stage',
        'Any stage',
        LEAD_STAGES.map((s) => [s, humanize(s)]),
      ),
    ],
    source: [
      'Source',
      select(
        'source',
        'Any source',
        LEAD_SOURCES.map((s) => [s, humanize(s)]),
      ),
    ],
    pipelineId: [
      'Pipeline',
      select(
        'pipelineId',
        'Any pipeline',
        (choices.pipelines ?? []).map((p) => [p.id, p.name]),
      ),
    ],
    stageId: ['Stage', select('stageId', 'Any stage', stageOptions(choices.pipelines ?? [], current.pipelineId ?? ''))],
    status: [
      'Status',
      select(
        'status',
        'Any status',
        DEAL_STATUSES.map((s) => [s, humanize(s)]),
      ),
    ],
    converted: [
      'Converted',
      select('converted', 'Either', [
        ['false', 'Not converted'],
        ['true', 'Converted'],
      ]),
    ],
    createdFrom: ['Created from', h('input', { type: 'date', name: 'createdFrom', value: current.createdFrom ?? '' })],
    createdTo: ['Created to', h('input', { type: 'date', name: 'createdTo', value: current.createdTo ?? '' })],
  };
  const names = FILTERS[type];
  if (type === 'deals') {
    // A stage belongs to one pipeline: choosing a pipeline narrows the stage list (and drops a stage from another).
    const [pipe, stage] = [controls.pipelineId![1], controls.stageId![1] as HTMLSelectElement];
    pipe.addEventListener('change', () => {
      const keep = stage.value;
      const options = stageOptions(choices.pipelines ?? [], pipe.value);
      stage.replaceChildren(
        h('option', { value: '' }, 'Any stage'),
        ...options.map(([v, label]) => h('option', { value: v, selected: v === keep }, label)),
      );
    });
  }
  const active = names.filter((n) => current[n]).length;
  const form = h(
    'form',
    {
      class: 'filters',
      'aria-label': 'Filters',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const next: Filters = {};
        for (const n of names) if (controls[n]![1].value) next[n] = controls[n]![1].value;
        apply(next);
      },
    },
    h(
      'div',
      { class: 'filter-fields' },
      names.map((n) => field(controls[n]![0], controls[n]![1])),
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Apply filters'),
      active ? h('button', { type: 'button', onclick: () => apply({}) }, 'Clear filters') : null,
    ),
  );
  return h(
    'details',
    { class: 'filter-panel card', open: active > 0 },
    h('summary', null, active ? `Filters (${active} on)` : 'Filters'),
    form,
  );
}
