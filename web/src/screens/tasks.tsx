import { useInfiniteQuery, useMutation, useQuery, useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { Modal } from '../components/dialog';
import { ErrorBox, Loading } from '../components/errors';
import { Field } from '../components/field';
import { PersonPicker, RecordPicker } from '../components/record-picker';
import { Screen } from '../components/screen';
import { SubmitButton, useCreate } from '../components/submit';
import { useToast } from '../components/toast';
import { WriteButton } from '../components/write';
import { client, ok } from '../lib/api';
import { count, shortDate } from '../lib/format';
import { usePersonName, useRecord } from '../lib/record-queries';
import { displayName, type RecordType } from '../lib/records';
import { useSession, useWriteAccess } from '../lib/session';
import type { Task } from '../lib/types';
import { errorHeadline, fieldErrors } from '../lib/words';

/*
 * Tasks: mine (the overdue first), overdue, due today and every open one, each a link (the
 * view is in the URL). A task is completed in place by its checkbox: the row stays where it
 * is, marked done, and the counts follow. Each row names the record it belongs to and links
 * to it; a new task or an edit goes through one dialog.
 */

const VIEWS = [
  ['mine', 'Mine', 'No open tasks are assigned to you.'],
  ['overdue', 'Overdue', 'Nothing is overdue.'],
  ['today', 'Due today', 'Nothing is due today.'],
  ['open', 'All open', 'No open tasks.'],
] as const;
type View = (typeof VIEWS)[number][0];

/** The record a task is about, as the server names it (its deal, else lead, else contact, else company). */
type LinkType = 'deal' | 'lead' | 'contact' | 'company';
type TaskRecord = { type: LinkType; id: string; name: string | null };
type TaskRow = Task & { record?: TaskRecord | null; assigneeName?: string | null };
type Page = { data: TaskRow[]; nextCursor: string | null; total: number };

const LINKS: [LinkType, RecordType, 'dealId' | 'leadId' | 'contactId' | 'companyId'][] = [
  ['deal', 'deals', 'dealId'],
  ['lead', 'leads', 'leadId'],
  ['contact', 'contacts', 'contactId'],
  ['company', 'companies', 'companyId'],
];
const plural = (t: LinkType) => LINKS.find(([s]) => s === t)![1];
const WORD: Record<LinkType, string> = { deal: 'Deal', lead: 'Lead', contact: 'Contact', company: 'Company' };

/** The record of a task: the server's `record`, or (a server from before it) worked out from its links. */
function recordOf(t: TaskRow): { type: LinkType; id: string; name: string | null } | null {
  if (t.record !== undefined) return t.record;
  for (const [type, , field] of LINKS) if (t[field]) return { type, id: t[field]!, name: null };
  return null;
}

const viewQuery = (view: View): Record<string, string> => (view === 'open' ? { done: 'false' } : { view });
const listKey = (view: View) => ['tasks', 'list', view] as const;
const countKey = (view: View) => ['tasks', 'count', view] as const;

async function tasksPage(query: Record<string, string>): Promise<Page> {
  // The record routes' queries are typed loosely (generic route factory); the server validates them.
  return (await ok(client.api.tasks.$get({ query }))) as unknown as Page;
}

/** Overdue first, then by due date, those without one last: as the server orders `mine`, kept while rows change in place. */
function byDue(now: number) {
  const rank = (t: TaskRow) => (t.dueAt ? (Date.parse(t.dueAt) < now && !t.done ? 0 : 1) : 2);
  return (a: TaskRow, b: TaskRow) => rank(a) - rank(b) || (a.dueAt ?? '').localeCompare(b.dueAt ?? '');
}

/** After a task changed: counts and the other views fetch again; the list on screen keeps its rows where they are. */
function afterTaskChange(qc: QueryClient, shown: View | null) {
  void qc.invalidateQueries({ queryKey: ['tasks', 'count'] });
  void qc.invalidateQueries({ queryKey: ['tasks', 'list'], predicate: (q) => q.queryKey[2] !== shown });
  void qc.invalidateQueries({ queryKey: ['tasks', 'list', shown], refetchType: 'none' });
  // Record pages list their tasks and timelines show them.
  void qc.invalidateQueries({ queryKey: ['timeline'] });
  void qc.invalidateQueries({ queryKey: ['record-tasks'] });
}

function replaceTask(qc: QueryClient, view: View, saved: TaskRow) {
  qc.setQueryData<InfiniteData<Page>>(listKey(view), (d) =>
    d ? { ...d, pages: d.pages.map((p) => ({ ...p, data: p.data.map((t) => (t.id === saved.id ? { ...t, ...saved } : t)) })) } : d,
  );
}

function RecordLink({ t }: { t: TaskRow }) {
  const rec = recordOf(t);
  // Only when the server did not name it (older server): fetched by id, from the cache when it is there.
  const fetched = useRecord(rec ? plural(rec.type) : 'deals', rec && rec.name === null ? rec.id : null);
  if (!rec) return null;
  const name = rec.name ?? (fetched.data ? displayName(plural(rec.type), fetched.data) : fetched.isError ? 'in the trash' : '…');
  return (
    <Link className="task-record" to={`/${plural(rec.type)}/${rec.id}`}>
      <span className="kind">{WORD[rec.type]}</span> <span className="name">{name}</span>
    </Link>
  );
}

const toLocalInput = (iso: string | null) => {
  if (!iso) return '';
  const d = new Date(iso);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

interface Draft {
  title: string;
  due: string;
  assigneeId: string | null;
  linkType: LinkType | '';
  linkId: string | null;
  notes: string;
}

const LABELS = {
  title: 'Title',
  dueAt: 'Due',
  assigneeId: 'Assignee',
  dealId: 'Record',
  leadId: 'Record',
  contactId: 'Record',
  companyId: 'Record',
  notes: 'Notes',
};

function draftOf(t: TaskRow | null, me: string | null): Draft {
  const rec = t ? recordOf(t) : null;
  return {
    title: t?.title ?? '',
    due: toLocalInput(t?.dueAt ?? null),
    assigneeId: t ? t.assigneeId : me,
    linkType: rec?.type ?? '',
    linkId: rec?.id ?? null,
    notes: t?.notes ?? '',
  };
}

/** The request body: everything for a new task; for an edit, only what changed. */
function bodyOf(d: Draft, before: Draft | null): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (!before || d.title !== before.title) body.title = d.title.trim();
  if (!before || d.due !== before.due) body.dueAt = d.due ? new Date(d.due).toISOString() : null;
  if (!before || d.assigneeId !== before.assigneeId) body.assigneeId = d.assigneeId;
  if (!before || d.notes !== before.notes) body.notes = d.notes.trim() ? d.notes : null;
  const linkId = d.linkType ? d.linkId : null;
  if (!before ? linkId : linkId !== (before.linkType ? before.linkId : null))
    for (const [type, , field] of LINKS) body[field] = d.linkType === type ? linkId : null;
  return body;
}

function TaskForm({ task, onDone }: { task: TaskRow | null; onDone: (saved: TaskRow) => void }) {
  const { me } = useSession();
  const before = task ? draftOf(task, null) : null;
  const [d, setD] = useState(() => draftOf(task, me.user?.id ?? null));
  const create = useCreate(
    async (body: Record<string, unknown>, key) =>
      (await ok(client.api.tasks.$post({ header: { 'idempotency-key': key }, json: body as never }))) as unknown as TaskRow,
    { onSuccess: onDone },
  );
  const update = useMutation({
    mutationFn: async (body: Record<string, unknown>) =>
      (await ok(client.api.tasks[':id'].$patch({ param: { id: task!.id }, json: body as never }))) as unknown as TaskRow,
    onSuccess: onDone,
  });
  const m = task ? update : create;
  const errors = fieldErrors(m.error, LABELS);
  const [localTitle, setLocalTitle] = useState<string | undefined>();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!d.title.trim()) return setLocalTitle('Title is required.');
    setLocalTitle(undefined);
    const body = bodyOf(d, before);
    if (task && Object.keys(body).length === 0) return onDone(task);
    if (task) update.mutate(body);
    else create.submit(body);
  };
  const set = <K extends keyof Draft>(k: K, v: Draft[K]) => setD((x) => ({ ...x, [k]: v }));
  const linkError = errors.byField.dealId ?? errors.byField.leadId ?? errors.byField.contactId ?? errors.byField.companyId;
  return (
    <form noValidate onSubmit={submit} className="task-form">
      <Field label="Title" name="title" error={localTitle ?? errors.byField.title}>
        <input value={d.title} onChange={(e) => set('title', e.target.value)} maxLength={300} autoComplete="off" required />
      </Field>
      <Field label="Due" name="dueAt" hint="Leave empty for no due date." error={errors.byField.dueAt}>
        <input type="datetime-local" value={d.due} onChange={(e) => set('due', e.target.value)} />
      </Field>
      <Field label="Assignee" name="assigneeId" error={errors.byField.assigneeId}>
        <PersonPicker value={d.assigneeId} onChange={(v) => set('assigneeId', v)} clearable emptyLabel="Nobody" />
      </Field>
      <Field label="Related to" name="linkType">
        <select value={d.linkType} onChange={(e) => setD((x) => ({ ...x, linkType: e.target.value as LinkType | '', linkId: null }))}>
          <option value="">Nothing</option>
          {LINKS.map(([type]) => (
            <option key={type} value={type}>
              A {type}
            </option>
          ))}
        </select>
      </Field>
      {d.linkType ? (
        <Field label={WORD[d.linkType]} name="record" error={linkError}>
          <RecordPicker type={plural(d.linkType)} value={d.linkId} onChange={(v) => set('linkId', v)} />
        </Field>
      ) : null}
      <Field label="Notes" name="notes" error={errors.byField.notes}>
        <textarea rows={3} value={d.notes} onChange={(e) => set('notes', e.target.value)} />
      </Field>
      <ErrorBox error={m.error} others={errors.others} />
      <div className="actions">
        <SubmitButton pending={m.isPending}>{task ? 'Save task' : 'Add task'}</SubmitButton>
      </div>
    </form>
  );
}

function TaskItem({ t, view, now, onEdit }: { t: TaskRow; view: View; now: number; onEdit: (t: TaskRow) => void }) {
  const qc = useQueryClient();
  const access = useWriteAccess();
  const personName = usePersonName();
  const [error, setError] = useState<string | null>(null);
  // The box follows the click at once (the mutation's own callbacks run a tick later); the cache follows the server.
  const [ticked, setTicked] = useState<boolean | null>(null);
  const complete = useMutation({
    mutationFn: (done: boolean) => ok(client.api.tasks[':id'].$patch({ param: { id: t.id }, json: { done } as never })) as Promise<unknown>,
    onMutate: (done) => {
      setError(null);
      replaceTask(qc, view, { ...t, done });
    },
    onSuccess: (saved) => {
      replaceTask(qc, view, saved as TaskRow);
      afterTaskChange(qc, view);
    },
    onError: (e, done) => {
      replaceTask(qc, view, { ...t, done: !done });
      setError(errorHeadline(e) ?? 'The task could not be changed.');
    },
    onSettled: () => setTicked(null),
  });
  const done = ticked ?? t.done;
  const id = `task-${t.id}`;
  const overdue = !t.done && t.dueAt && Date.parse(t.dueAt) < now;
  const assignee = t.assigneeId ? (t.assigneeName ?? personName(t.assigneeId)) : null;
  return (
    <li className={done ? 'done' : undefined} data-task-id={t.id}>
      {access.visible ? (
        <input
          type="checkbox"
          id={id}
          checked={done}
          disabled={Boolean(access.disabledReason) || complete.isPending}
          title={access.disabledReason ?? undefined}
          aria-describedby={access.disabledReason ? 'license-banner' : undefined}
          onChange={(e) => {
            setTicked(e.target.checked);
            complete.mutate(e.target.checked);
          }}
        />
      ) : null}
      {access.visible ? (
        <label htmlFor={id} id={`${id}-title`} className="task-title">
          {t.title}
        </label>
      ) : (
        <span className="task-title" id={`${id}-title`}>
          {t.title}
        </span>
      )}
      <span className={overdue ? 'due overdue' : 'due muted'}>
        {t.dueAt ? `${overdue ? 'overdue, ' : ''}due ${shortDate(t.dueAt)}` : 'no due date'}
      </span>
      <span className="assignee muted">{assignee ? `for ${assignee}` : 'unassigned'}</span>
      <RecordLink t={t} />
      {/* Named "Edit" and described by the title: the title's text stays the row's only copy (found by getByText). */}
      <WriteButton className="link-button task-edit" aria-describedby={`${id}-title`} onClick={() => onEdit(t)}>
        Edit
      </WriteButton>
      {error ? (
        <span className="field-error" role="alert">
          {error}
        </span>
      ) : null}
    </li>
  );
}

function useOpenCount(view: View) {
  return useQuery({
    queryKey: countKey(view),
    queryFn: async () => (await tasksPage({ ...viewQuery(view), done: 'false', limit: '1' })).total,
  });
}

function ViewLink({ v, label, current }: { v: View; label: string; current: boolean }) {
  const n = useOpenCount(v).data;
  return (
    <Link to="/tasks" search={{ view: v }} aria-current={current ? 'page' : undefined}>
      {label}
      {n !== undefined ? (
        <span className="tab-count">
          {' '}
          {n}
          <span className="sr-only"> open</span>
        </span>
      ) : null}
    </Link>
  );
}

function TaskList({ view }: { view: View }) {
  const [editing, setEditing] = useState<TaskRow | null>(null);
  const qc = useQueryClient();
  const toast = useToast();
  const pages = useInfiniteQuery({
    queryKey: listKey(view),
    queryFn: ({ pageParam }) => tasksPage({ ...viewQuery(view), limit: '50', ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const open = useOpenCount(view).data;
  const [now] = useState(() => Date.now());
  const [label, empty] = [VIEWS.find(([v]) => v === view)![1], VIEWS.find(([v]) => v === view)![2]];
  if (pages.isPending) return <Loading />;
  if (pages.isError) return <ErrorBox error={pages.error} retry={() => void pages.refetch()} />;
  const rows = pages.data.pages.flatMap((p) => p.data).sort(byDue(now));
  return (
    <>
      {rows.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <>
          <p className="muted" role="status">
            {open !== undefined ? count(open, 'open task') : ''}
          </p>
          <div className="card">
            <ul className="tasks task-list" aria-label={`${label} tasks`}>
              {rows.map((t) => (
                <TaskItem key={t.id} t={t} view={view} now={now} onEdit={setEditing} />
              ))}
            </ul>
          </div>
        </>
      )}
      {pages.hasNextPage ? (
        <button type="button" disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
          {pages.isFetchingNextPage ? 'Loading…' : 'Show more'}
        </button>
      ) : null}
      <Modal open={editing !== null} onOpenChange={(o) => o || setEditing(null)} title={editing ? `Edit “${editing.title}”` : 'Edit task'}>
        {editing ? (
          <TaskForm
            task={editing}
            onDone={(saved) => {
              replaceTask(qc, view, saved);
              afterTaskChange(qc, view);
              setEditing(null);
              toast(`Saved “${saved.title}”.`);
            }}
          />
        ) : null}
      </Modal>
    </>
  );
}

export default function Tasks() {
  const search = useSearch({ strict: false }) as Record<string, string>;
  const view: View = VIEWS.find(([v]) => v === search.view)?.[0] ?? 'mine';
  const [adding, setAdding] = useState(false);
  const qc = useQueryClient();
  const toast = useToast();
  return (
    <Screen
      title="Tasks"
      actions={
        <WriteButton className="primary" onClick={() => setAdding(true)}>
          New task
        </WriteButton>
      }
    >
      <div className="tasks-view" data-view={view}>
        <nav className="segmented" aria-label="Task views">
          <ul>
            {VIEWS.map(([v, label]) => (
              <li key={v}>
                <ViewLink v={v} label={label} current={v === view} />
              </li>
            ))}
          </ul>
        </nav>
        <TaskList key={view} view={view} />
      </div>
      <Modal open={adding} onOpenChange={setAdding} title="New task">
        <TaskForm
          task={null}
          onDone={(saved) => {
            setAdding(false);
            // A new task belongs wherever the server puts it: every view fetches again.
            void qc.invalidateQueries({ queryKey: ['tasks'] });
            void qc.invalidateQueries({ queryKey: ['timeline'] });
            void qc.invalidateQueries({ queryKey: ['record-tasks'] });
            toast(`Added “${saved.title}”.`);
          }}
        />
      </Modal>
    </Screen>
  );
}
