import { field, h, uid } from '../dom';
import { client, ok } from '../api';
import { displayName, listHref, listPage, RECORDS, type RecordType } from '../records';
import { navigate } from '../router';
import { writeControl } from '../session';
import type { Company, Contact, Deal, Pipeline } from '../types';
import { bulkSelect, type BulkReport } from './bulk';
import { apiFilters, filterForm, readFilters, type Filters } from './filters';
import { loadCompanies, loadOwners, ownerName } from './owners';

const PAGE = 25;

// A bulk action's outcome, shown by the re-render that follows it.
let report: BulkReport | null = null;

function reportView(r: BulkReport): HTMLElement {
  if (!r.failures.length) return h('p', { class: 'notice', role: 'status' }, r.text);
  return h(
    'div',
    { class: 'error-box', role: 'alert' },
    r.text,
    h(
      'ul',
      null,
      r.failures.map((f) => h('li', null, f)),
    ),
  );
}

/** A list with search (q), filters, sort and cursor pagination; the state lives in the URL so reload and back/forward keep it. */
export async function recordListView(type: RecordType, query: URLSearchParams): Promise<HTMLElement> {
  const spec = RECORDS[type];
  const q = query.get('q') ?? '';
  const sort = query.get('sort') ?? spec.sorts[0]![0];
  const filters = readFilters(type, query);
  // '0' stands for the first page in the back stack (an empty value would drop out of the URL).
  const cursor = (query.get('cursor') ?? '').replace(/^0$/, '');
  const back = query.getAll('prev');
  const [page, owners, companies, pipelines] = await Promise.all([
    listPage(type, { q, sort, cursor, limit: String(PAGE), ...apiFilters(filters) }),
    loadOwners(),
    type === 'contacts' || type === 'deals' ? loadCompanies() : Promise.resolve([] as Company[]),
    type === 'deals' ? ok(client.api.pipelines.$get({ query: {} })).then((p) => p.data as Pipeline[]) : Promise.resolve([] as Pipeline[]),
  ]);
  const shownReport = report;
  report = null;

  const url = (over: Record<string, string | string[]>, keepFilters: Filters = filters) => {
    const p = new URLSearchParams();
    const merged = { q, sort, ...keepFilters, ...over };
    for (const [k, v] of Object.entries(merged)) for (const one of Array.isArray(v) ? v : [v]) if (one) p.append(k, one);
    return `${listHref(type)}?${p}`;
  };
  const placeholder = type === 'leads' ? 'Title, contact, email…' : type === 'deals' ? 'Title…' : 'Name, email, phone…';
  const search = h('input', { type: 'search', name: 'q', value: q, placeholder });
  const sortSelect = h(
    'select',
    { name: 'sort' },
    spec.sorts.map(([v, label]) => h('option', { value: v, selected: v === sort }, label)),
  );
  sortSelect.addEventListener('change', () => navigate(url({ sort: sortSelect.value })));
  const tools = h(
    'form',
    { class: 'toolbar', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), navigate(url({ q: search.value.trim() }))) },
    field(`Search ${type}`, search),
    h('button', { type: 'submit' }, 'Search'),
    field('Sort', sortSelect),
    h('span', { class: 'spacer' }),
    type === 'deals' ? h('a', { class: 'button', href: '/deals' }, 'Board view') : null,
    h('a', { class: 'button', href: `/api/export/${type}?format=csv`, download: `${type}.csv` }, 'Export CSV'),
    writeControl(h('a', { class: 'button primary', href: `/${type}/new` }, `New ${spec.singular}`)),
  );
  const filterPanel = filterForm(type, filters, { owners, companies, pipelines }, (next) => navigate(url({}, next)));

  const rows = page.data;
  const bulk = bulkSelect(type, rows, owners, (r) => {
    report = r;
    navigate(location.pathname + location.search, true);
  });
  const companyName = (id: string | null) => companies.find((c) => c.id === id)?.name ?? '';
  const stageName = (d: Deal) => {
    const p = pipelines.find((x) => x.id === d.pipelineId);
    const s = p?.stages.find((x) => x.id === d.stageId)?.name ?? '';
    return pipelines.length > 1 && p ? `${p.name} · ${s}` : s;
  };
  type Col = [string, (r: never) => string];
  const columns: Col[] = [
    ...spec.columns,
    ...(type === 'contacts' ? [['Company', (r: Contact) => companyName(r.companyId)] as Col] : []),
    ...(type === 'deals' ? [['Stage', stageName] as Col, ['Company', (r: Deal) => companyName(r.companyId)] as Col] : []),
    ['Owner', (r: { ownerId: string | null }) => ownerName(owners, r.ownerId)],
  ];
  const captionId = uid('cap');
  const filtered = q || Object.keys(filters).length > 0;
  const table =
    rows.length === 0
      ? h(
          'p',
          { class: 'empty' },
          filtered
            ? `No ${type} match ${q ? `“${q}”` : ''}${q && Object.keys(filters).length ? ' and ' : ''}${Object.keys(filters).length ? 'these filters' : ''}.`
            : `No ${type} yet.`,
        )
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'records', 'aria-describedby': captionId },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                bulk.head,
                columns.map(([label]) => h('th', { scope: 'col' }, label)),
              ),
            ),
            h(
              'tbody',
              null,
              rows.map((r) =>
                h(
                  'tr',
                  { 'data-id': r.id },
                  bulk.cell(r),
                  columns.map(([label, get], i) =>
                    h(
                      'td',
                      { 'data-label': label },
                      i === 0 ? h('a', { href: `/${type}/${r.id}` }, displayName(type, r)) : (get as (x: unknown) => string)(r),
                    ),
                  ),
                ),
              ),
            ),
          ),
        );
  const shown = back.length * PAGE;
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h('span', { id: captionId, role: 'status' }, page.total === 0 ? '' : `${shown + 1}–${shown + rows.length} of ${page.total}`),
    back.length
      ? h('a', { class: 'button', href: url({ cursor: back[back.length - 1] ?? '', prev: back.slice(0, -1) }) }, 'Previous')
      : null,
    page.nextCursor ? h('a', { class: 'button', href: url({ cursor: page.nextCursor, prev: [...back, cursor || '0'] }) }, 'Next') : null,
  );
  return h('div', { class: 'record-list' }, tools, filterPanel, shownReport ? reportView(shownReport) : null, bulk.bar, table, pager);
}
