import { field, h, uid } from '../dom';
import { displayName, listPage, RECORDS, type RecordType } from '../records';
import { navigate } from '../router';
import { writeControl } from '../session';

const PAGE = 25;

/** A list with search (q), sort and cursor pagination; the state lives in the URL so back/forward work. */
export async function recordListView(type: RecordType, query: URLSearchParams): Promise<HTMLElement> {
  const spec = RECORDS[type];
  const q = query.get('q') ?? '';
  const sort = query.get('sort') ?? spec.sorts[0]![0];
  // '0' stands for the first page in the back stack (an empty value would drop out of the URL).
  const cursor = (query.get('cursor') ?? '').replace(/^0$/, '');
  const back = query.getAll('prev');
  const page = await listPage(type, { q, sort, cursor, limit: String(PAGE) });

  const url = (over: Record<string, string | string[]>) => {
    const p = new URLSearchParams();
    const merged = { q, sort, ...over };
    for (const [k, v] of Object.entries(merged)) for (const one of Array.isArray(v) ? v : [v]) if (one) p.append(k, one);
    return `/${type}?${p}`;
  };
  const search = h('input', { type: 'search', name: 'q', value: q, placeholder: 'Name, email, phone…' });
  const sortSelect = h('select', { name: 'sort' }, spec.sorts.map(([v, label]) => h('option', { value: v, selected: v === sort }, label)));
  sortSelect.addEventListener('change', () => navigate(url({ sort: sortSelect.value })));
  const tools = h(
    'form',
    { class: 'toolbar', role: 'search', onsubmit: (e: Event) => (e.preventDefault(), navigate(url({ q: search.value.trim() }))) },
    field(`Search ${type}`, search),
    h('button', { type: 'submit' }, 'Search'),
    field('Sort', sortSelect),
    h('span', { class: 'spacer' }),
    h('a', { class: 'button', href: `/api/export/${type}?format=csv`, download: `${type}.csv` }, 'Export CSV'),
    writeControl(h('a', { class: 'button primary', href: `/${type}/new` }, `New ${spec.singular}`)),
  );
  const captionId = uid('cap');
  const table =
    page.data.length === 0
      ? h('p', { class: 'empty' }, q ? `No ${type} match “${q}”.` : `No ${type} yet.`)
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'records', 'aria-describedby': captionId },
            h('thead', null, h('tr', null, spec.columns.map(([label]) => h('th', { scope: 'col' }, label)))),
            h(
              'tbody',
              null,
              page.data.map((r) =>
                h(
                  'tr',
                  null,
                  spec.columns.map(([label, get], i) => h('td', { 'data-label': label }, i === 0 ? h('a', { href: `/${type}/${r.id}` }, displayName(type, r)) : (get as (x: unknown) => string)(r))),
                ),
              ),
            ),
          ),
        );
  const shown = back.length * PAGE;
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    h('span', { id: captionId, role: 'status' }, page.total === 0 ? '' : `${shown + 1}–${shown + page.data.length} of ${page.total}`),
    back.length ? h('a', { class: 'button', href: url({ cursor: back[back.length - 1] ?? '', prev: back.slice(0, -1) }) }, 'Previous') : null,
    page.nextCursor ? h('a', { class: 'button', href: url({ cursor: page.nextCursor, prev: [...back, cursor || '0'] }) }, 'Next') : null,
  );
  return h('div', { class: 'record-list' }, tools, table, pager);
}
