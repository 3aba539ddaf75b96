import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import {
  createColumnHelper,
  rowSelectionFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
  type RowSelectionState,
  type SortingState,
  type Updater,
} from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState, type InputHTMLAttributes } from 'react';
import { ErrorBox, Loading } from '../components/errors';
import { Field } from '../components/field';
import { BulkBar, type BulkMatching, type BulkReport } from '../components/list-bulk';
import { columnsFor, type ListColumn } from '../components/list-columns';
import { apiFilters, FilterPanel, readFilters, type Filters } from '../components/list-filters';
import { Screen } from '../components/screen';
import { count } from '../lib/format';
import { listKey, seedRecords } from '../lib/record-queries';
import { displayName, listPage, RECORDS, type AnyRecord, type ListQuery, type RecordType } from '../lib/records';
import { useWriteAccess } from '../lib/session';
import { setListOrder } from '../lib/shortcuts';
import { useDebounced } from '../lib/use-debounced';

/*
 * A record list: search (q), filters, sort, page size and the page (cursor, with the stack of
 * cursors before it) all live in the URL, so reload, back and a shared link show the same rows.
 * The server sorts and pages (keyset); the table renders what it answers.
 */

export const PAGE_SIZES = ['25', '50', '100', '200'] as const;
const DEFAULT_LIMIT = '25';
/** The first page in the URL's stack of previous cursors (an empty value would drop out of the URL). */
const FIRST = '0';

const features = tableFeatures({ rowSortingFeature, rowSelectionFeature });
const helper = createColumnHelper<typeof features, AnyRecord>();
const EMPTY: AnyRecord[] = [];
const idOf = (r: AnyRecord) => (r as { id: string }).id;

const PLACEHOLDERS: Record<RecordType, string> = {
  contacts: 'Name, email, phone…',
  companies: 'Name, domain…',
  leads: 'Title, contact, email…',
  deals: 'Title…',
  products: 'Name, SKU…',
};

/** The list's state, read from the URL. */
function useListState(type: RecordType) {
  const search = useSearch({ strict: false }) as Record<string, string>;
  const spec = RECORDS[type];
  const q = search.q ?? '';
  const sort = search.sort || spec.sorts[0]![0];
  const limit = (PAGE_SIZES as readonly string[]).includes(search.limit ?? '') ? search.limit! : DEFAULT_LIMIT;
  const cursor = search.cursor ?? '';
  const prev = search.prev ? search.prev.split('.') : [];
  const filters = readFilters(type, search);
  return { q, sort, limit, cursor, prev, filters };
}
type ListState = ReturnType<typeof useListState>;

/** The URL's search parameters for a list state; defaults are left out. */
function searchOf(type: RecordType, s: Omit<ListState, 'prev'> & { prev: string[] }): Record<string, string> {
  const out: Record<string, string> = { ...s.filters };
  if (s.q) out.q = s.q;
  if (s.sort !== RECORDS[type].sorts[0]![0]) out.sort = s.sort;
  if (s.limit !== DEFAULT_LIMIT) out.limit = s.limit;
  if (s.cursor) out.cursor = s.cursor;
  if (s.prev.length) out.prev = s.prev.join('.');
  return out;
}

/** The query the list and the export send: the filters in the API's form. */
function apiQuery(s: ListState): ListQuery {
  return { q: s.q || undefined, sort: s.sort, ...apiFilters(s.filters) };
}

/** Which part of a list query is "the same list" (the rows on screen stay while another page or order loads). */
const sameList = (a: ListQuery, b: ListQuery) => {
  const strip = ({ cursor: _c, sort: _s, limit: _l, q: _q, ...rest }: ListQuery) => JSON.stringify(rest);
  return strip(a) === strip(b);
};

/** The list's search and filters as the bulk route's filter: URL strings, no sort, limit or cursor. */
function bulkFilter(s: ListState): Record<string, string> {
  const { sort: _sort, ...rest } = apiQuery(s);
  return Object.fromEntries(Object.entries(rest).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

function exportHref(type: RecordType, s: ListState, format: 'csv' | 'json') {
  const params = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(apiQuery(s))) if (v) params.set(k, v);
  return `/api/export/${type}?${params}`;
}

export default function RecordList({ type }: { type: RecordType }) {
  const spec = RECORDS[type];
  const state = useListState(type);
  const navigate = useNavigate();
  const qc = useQueryClient();
  const access = useWriteAccess();
  const [report, setReport] = useState<BulkReport | null>(null);

  const query: ListQuery = { ...apiQuery(state), limit: state.limit, cursor: state.cursor || undefined };
  const list = useQuery({
    queryKey: listKey(type, query),
    queryFn: async () => {
      const page = await listPage(type, query);
      seedRecords(qc, type, page.data);
      return page;
    },
    // Another page, order or search of the same filtered list keeps the rows on screen while it loads;
    // other filters start from a loading line, so no row of the last filter is taken for a match.
    placeholderData: (prev, prevQuery) => (prev && prevQuery && sameList(prevQuery.queryKey[2] as ListQuery, query) ? prev : undefined),
  });

  /** Moves to another list state: a new search, filter, order or page size starts at the first page. */
  const go = (change: Partial<ListState>, replace = false) => {
    const paging = 'cursor' in change;
    const next = { ...state, ...change, ...(paging ? {} : { cursor: '', prev: [] }) };
    void navigate({ to: '.', search: searchOf(type, next), replace });
  };

  const queryText = JSON.stringify(query);
  useEffect(() => setReport(null), [queryText]);

  const rows = list.data?.data ?? EMPTY;
  // The page's order, for j / k on the record pages opened from it.
  useEffect(() => {
    if (!list.isPlaceholderData && rows.length > 0) setListOrder(type, rows.map(idOf));
  }, [type, rows, list.isPlaceholderData]);
  const total = list.data?.total ?? 0;
  const filtered = Boolean(state.q) || Object.keys(state.filters).length > 0;
  const firstShown = state.prev.length * Number(state.limit) + 1;

  return (
    <Screen
      title={spec.title}
      ready={list.isSuccess}
      actions={
        <>
          {type === 'deals' ? (
            <Link className="button" to="/deals">
              Board view
            </Link>
          ) : null}
          <a className="button" href={exportHref(type, state, 'csv')} download>
            Export CSV
          </a>
          <a className="button" href={exportHref(type, state, 'json')} download>
            Export JSON
          </a>
          <NewLink type={type} />
        </>
      }
    >
      <div className="record-list">
        <Toolbar type={type} state={state} go={go} total={list.data ? total : null} />
        <FilterPanel type={type} current={state.filters} apply={(filters: Filters) => go({ filters })} />
        {report ? <ReportBox report={report} dismiss={() => setReport(null)} /> : null}
        {list.isError ? (
          <>
            <ErrorBox error={list.error} retry={() => void list.refetch()} />
            {state.cursor ? (
              <p>
                <Link to="." search={searchOf(type, { ...state, cursor: '', prev: [] })}>
                  Back to the first page
                </Link>
              </p>
            ) : null}
          </>
        ) : list.isPending ? (
          <Loading what={`Loading ${type}…`} />
        ) : rows.length === 0 ? (
          <p className="empty">
            {filtered
              ? `No ${type} match ${state.q ? `“${state.q}”` : ''}${state.q && Object.keys(state.filters).length ? ' and ' : ''}${Object.keys(state.filters).length ? 'these filters' : ''}.`
              : `No ${type} yet.`}
          </p>
        ) : (
          <RecordTable
            type={type}
            rows={rows}
            sort={state.sort}
            setSort={(sort) => go({ sort })}
            busy={list.isPlaceholderData}
            writers={access.visible}
            readOnly={access.disabledReason}
            resetKey={queryText}
            report={setReport}
            total={total}
            filter={bulkFilter(state)}
          />
        )}
        {list.isPlaceholderData ? <Loading what={`Loading ${type}…`} /> : null}
        {list.data && rows.length > 0 ? (
          <nav className="pager" aria-label="Pages">
            <span>
              {firstShown}–{firstShown + rows.length - 1} of {total.toLocaleString('en')}
            </span>
            {state.prev.length > 0 ? (
              <Link
                className="button"
                to="."
                search={searchOf(type, {
                  ...state,
                  cursor: state.prev[state.prev.length - 1] === FIRST ? '' : state.prev[state.prev.length - 1]!,
                  prev: state.prev.slice(0, -1),
                })}
              >
                Previous
              </Link>
            ) : null}
            {list.data.nextCursor ? (
              <Link
                className="button"
                to="."
                search={searchOf(type, { ...state, cursor: list.data.nextCursor, prev: [...state.prev, state.cursor || FIRST] })}
              >
                Next
              </Link>
            ) : null}
          </nav>
        ) : null}
      </div>
    </Screen>
  );
}

/** "New contact": hidden from viewers; in read-only mode shown disabled with the reason. */
function NewLink({ type }: { type: RecordType }) {
  const access = useWriteAccess();
  const label = `New ${RECORDS[type].singular}`;
  if (!access.visible) return null;
  if (access.disabledReason)
    return (
      <a
        className="button primary write-disabled"
        role="link"
        aria-disabled="true"
        tabIndex={0}
        title={access.disabledReason}
        aria-describedby="license-banner"
      >
        {label}
      </a>
    );
  return (
    <Link className="button primary" to={`/${type}/new`}>
      {label}
    </Link>
  );
}

function Toolbar({
  type,
  state,
  go,
  total,
}: {
  type: RecordType;
  state: ListState;
  go: (change: Partial<ListState>, replace?: boolean) => void;
  total: number | null;
}) {
  const spec = RECORDS[type];
  const [text, setText] = useState(state.q);
  const typed = useDebounced(text.trim(), 350);
  // What this box last wrote to the URL: a change of q from elsewhere (back, a link) is shown in the box.
  const written = useRef(state.q);
  useEffect(() => {
    if (state.q !== written.current) {
      written.current = state.q;
      setText(state.q);
    }
  }, [state.q]);
  useEffect(() => {
    if (typed === written.current) return;
    written.current = typed;
    go({ q: typed }, true);
    // go changes with every render; the typed text alone decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [typed]);
  const sorts = spec.sorts.some(([v]) => v === state.sort)
    ? spec.sorts
    : [...spec.sorts, [state.sort, sortLabel(type, state.sort)] as [string, string]];
  return (
    <form
      className="toolbar list-toolbar"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        written.current = text.trim();
        go({ q: text.trim() });
      }}
    >
      <Field label={`Search ${type}`} name="q">
        <input type="search" name="q" value={text} placeholder={PLACEHOLDERS[type]} onChange={(e) => setText(e.target.value)} />
      </Field>
      <button type="submit">Search</button>
      <Field label="Sort" name="sort">
        <select name="sort" value={state.sort} onChange={(e) => go({ sort: e.target.value })}>
          {sorts.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Per page" name="limit">
        <select name="limit" value={state.limit} onChange={(e) => go({ limit: e.target.value })}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </Field>
      <span className="spacer" />
      <p className="list-total" role="status">
        {total === null ? '' : count(total, 'record')}
      </p>
    </form>
  );
}

/** A sort the registry does not name (a header's other direction): the column and its direction. */
function sortLabel(type: RecordType, sort: string) {
  const key = sort.replace(/^-/, '');
  const column = columnsFor(type).find((c) => c.sortKey === key);
  return `${column?.label ?? key}, ${sort.startsWith('-') ? 'descending' : 'ascending'}`;
}

function ReportBox({ report, dismiss }: { report: BulkReport; dismiss: () => void }) {
  return (
    <div className="error-box bulk-report" role="alert">
      <p>{report.text}</p>
      <ul>
        {report.failures.map((f) => (
          <li key={f}>{f}</li>
        ))}
      </ul>
      <button type="button" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

function Checkbox({ indeterminate, ...props }: InputHTMLAttributes<HTMLInputElement> & { indeterminate?: boolean }) {
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = Boolean(indeterminate) && !props.checked;
  }, [indeterminate, props.checked]);
  return <input ref={ref} type="checkbox" {...props} />;
}

function RecordTable({
  type,
  rows,
  sort,
  setSort,
  busy,
  writers,
  readOnly,
  resetKey,
  report,
  total,
  filter,
}: {
  type: RecordType;
  rows: AnyRecord[];
  sort: string;
  setSort: (sort: string) => void;
  busy: boolean;
  writers: boolean;
  readOnly: string | null;
  resetKey: string;
  report: (r: BulkReport | null) => void;
  /** How many records the list matches, over all pages. */
  total: number;
  /** The list's search and filters, for an action on all of them. */
  filter: Record<string, string>;
}) {
  const [rowSelection, setRowSelection] = useState<RowSelectionState>({});
  // "Select all N matching": the action goes by the list's filter, not by the rows on screen.
  const [allMatching, setAllMatching] = useState(false);
  // Another page, filter or order: the selection was of rows no longer shown.
  useEffect(() => {
    setRowSelection({});
    setAllMatching(false);
  }, [resetKey]);

  const specs = useMemo(() => columnsFor(type), [type]);
  const columns = useMemo(
    () => [
      ...(writers
        ? [
            helper.display({
              id: 'select',
              enableSorting: false,
              header: ({ table }) => (
                <Checkbox
                  aria-label="Select all on this page"
                  checked={table.getIsAllRowsSelected()}
                  indeterminate={table.getIsSomeRowsSelected()}
                  onChange={table.getToggleAllRowsSelectedHandler()}
                  disabled={Boolean(readOnly)}
                  title={readOnly ?? undefined}
                />
              ),
              cell: ({ row }) => (
                <Checkbox
                  aria-label={`Select ${displayName(type, row.original)}`}
                  checked={row.getIsSelected()}
                  onChange={row.getToggleSelectedHandler()}
                  disabled={Boolean(readOnly)}
                  title={readOnly ?? undefined}
                />
              ),
            }),
          ]
        : []),
      ...specs.map((c: ListColumn) =>
        c.sortKey
          ? // A sortable column needs an accessor (the server's sort field); the server does the sorting.
            helper.accessor((r: AnyRecord) => (r as unknown as Record<string, unknown>)[c.sortKey!], {
              id: c.id,
              header: c.label,
              sortDescFirst: c.descFirst ?? false,
              cell: ({ row }) => c.cell(row.original),
            })
          : helper.display({ id: c.id, header: c.label, enableSorting: false, cell: ({ row }) => c.cell(row.original) }),
      ),
    ],
    [specs, writers, readOnly, type],
  );
  const sorting = useMemo<SortingState>(() => [{ id: sort.replace(/^-/, ''), desc: sort.startsWith('-') }], [sort]);
  const onSortingChange = (updater: Updater<SortingState>) => {
    const next = typeof updater === 'function' ? updater(sorting) : updater;
    const first = next[0];
    if (first) setSort(`${first.desc ? '-' : ''}${first.id}`);
  };
  const table = useTable({
    features,
    columns,
    data: rows,
    getRowId: idOf,
    state: { sorting, rowSelection },
    onSortingChange,
    onRowSelectionChange: (updater: Updater<RowSelectionState>) => {
      // Unticking a row (or ticking anything) narrows the choice back to the rows on screen.
      setAllMatching(false);
      setRowSelection(updater);
    },
    manualSorting: true,
    enableSortingRemoval: false,
    enableMultiSort: false,
    enableRowSelection: writers && !readOnly,
  });
  const selected = rows.filter((r) => rowSelection[idOf(r)]);
  const pageAllSelected = rows.length > 0 && selected.length === rows.length;
  const matching: BulkMatching | null = allMatching && pageAllSelected ? { filter, total } : null;
  const clear = () => {
    setAllMatching(false);
    setRowSelection({});
  };
  const labels = new Map(specs.map((c) => [c.id, c.label]));
  // The record's name: the card's heading on a phone.
  const nameIndex = writers ? 1 : 0;

  return (
    <>
      {writers ? (
        <>
          <BulkBar type={type} selected={selected} matching={matching} clear={clear} report={report} />
          {pageAllSelected && total > rows.length ? (
            <p className="select-matching" role="status">
              {matching ? (
                <>
                  All {total.toLocaleString('en')} matching {type} are selected.{' '}
                  <button type="button" className="link-button" onClick={() => setAllMatching(false)}>
                    Select only the {rows.length} on this page
                  </button>
                </>
              ) : (
                <>
                  All {rows.length} on this page are selected.{' '}
                  <button type="button" className="link-button" onClick={() => setAllMatching(true)}>
                    Select all {total.toLocaleString('en')} matching
                  </button>
                </>
              )}
            </p>
          ) : null}
        </>
      ) : null}
      <div className="table-wrap">
        <table className="records list-table" aria-busy={busy || undefined} aria-label={RECORDS[type].title}>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => {
                  const column = header.column;
                  const sorted = column.getIsSorted();
                  const canSort = column.getCanSort();
                  return (
                    <th
                      key={header.id}
                      scope="col"
                      className={column.id === 'select' ? 'select' : undefined}
                      aria-sort={sorted ? (sorted === 'desc' ? 'descending' : 'ascending') : undefined}
                    >
                      {canSort ? (
                        <button type="button" className="sort-button" onClick={column.getToggleSortingHandler()}>
                          <table.FlexRender header={header} />
                          <span aria-hidden="true" className="sort-mark">
                            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : '↕'}
                          </span>
                        </button>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr key={row.id} data-id={row.id} data-selected={row.getIsSelected() || undefined}>
                {row.getAllCells().map((cell, i) => (
                  <td
                    key={cell.id}
                    className={cell.column.id === 'select' ? 'select' : i === nameIndex ? 'name-cell' : undefined}
                    data-label={labels.get(cell.column.id)}
                    data-column={cell.column.id}
                  >
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
