import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { lazy, Suspense } from 'react';
import { ok } from '../lib/api';
import { count, shortDate } from '../lib/format';
import { usePersonName } from '../lib/record-queries';
import { recordApi, type RecordType } from '../lib/records';
import type { Activity, Task } from '../lib/types';
import { ErrorBox } from './errors';
import { changeSentence, type ChangeEntry } from './timeline-change';

/*
 * A record's history, newest first: its activities (who logged them, the notes as Markdown),
 * its tasks and its changes in words, 25 at a time along the server's cursor ("Show more").
 * On a company, an entry that came from one of its contacts or deals says which.
 */

// The Markdown renderer is fetched with the first note that has a body, not with the page.
const Markdown = lazy(() => import('./markdown'));

export const ACTIVITY_LABELS: Record<Activity['type'], string> = {
  call: 'Call',
  email: 'Email',
  meeting: 'Meeting',
  note: 'Note',
  sms: 'SMS',
};

type Via = { type: 'contact' | 'deal'; id: string; name: string | null };
export type TaskView = Task & { assigneeName?: string | null; record?: { type: string; id: string; name: string | null } | null };
type ActivityView = Activity & { authorName?: string | null };

export interface Entry {
  kind: 'activity' | 'task' | 'change';
  at: string;
  activity?: ActivityView | undefined;
  task?: TaskView | undefined;
  change?: ChangeEntry | undefined;
  via?: Via | null | undefined;
}

interface Page {
  data: Entry[];
  nextCursor: string | null;
  total: number;
}

const PAGE = 25;

/**
 * A part of a page still loading: quiet (the page shows one "Loading…" line for all its parts,
 * RecordPage's), so a screen never has two loading lines at once.
 */
export function SectionLoading({ what = 'Loading…' }: { what?: string }) {
  return (
    <p className="section-loading muted" aria-busy="true">
      {what}
    </p>
  );
}

export const timelineKey = (type: RecordType, id: string) => ['timeline', type, id] as const;

async function fetchPage(type: RecordType, id: string, cursor: string | null): Promise<Page> {
  const query = cursor ? { limit: String(PAGE), cursor } : { limit: String(PAGE) };
  return (await ok(recordApi(type)[':id'].timeline.$get({ param: { id }, query }))) as unknown as Page;
}

export function useTimeline(type: RecordType, id: string) {
  return useInfiniteQuery({
    queryKey: timelineKey(type, id),
    queryFn: ({ pageParam }) => fetchPage(type, id, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
}

const VIA_PATH = { contact: 'contacts', deal: 'deals' } as const;

function ViaLink({ via }: { via: Via | null | undefined }) {
  if (!via) return null;
  return (
    <span className="via">
      {' · via '}
      {via.type} <Link to={`/${VIA_PATH[via.type]}/${via.id}`}>{via.name ?? 'a record that is gone'}</Link>
    </span>
  );
}

function When({ at }: { at: string }) {
  return <time dateTime={at}>{shortDate(at)}</time>;
}

type Names = (id: string | null | undefined) => string;

function ActivityItem({ a, at, via, names }: { a: ActivityView; at: string; via: Entry['via']; names: Names }) {
  // The server names the author; before it did, the organisation's people did.
  const author = a.authorName ?? (a.authorId ? names(a.authorId) : null);
  return (
    <li className={`entry activity ${a.type}`}>
      <p className="entry-head">
        <span className="kind">{ACTIVITY_LABELS[a.type] ?? a.type}</span>
        <strong>{a.subject}</strong>
      </p>
      {a.body ? (
        <Suspense fallback={<p className="entry-text">{a.body}</p>}>
          <Markdown text={a.body} />
        </Suspense>
      ) : null}
      <p className="entry-meta">
        {author ? <>Logged by {author} · </> : <>Logged through the API · </>}
        <When at={at} />
        <ViaLink via={via} />
      </p>
    </li>
  );
}

function TaskItem({ t, at, via, names }: { t: TaskView; at: string; via: Entry['via']; names: Names }) {
  const assignee = t.assigneeName ?? (t.assigneeId ? names(t.assigneeId) : null);
  return (
    <li className={`entry task${t.done ? ' done' : ''}`}>
      <p className="entry-head">
        <span className="kind">{t.done ? 'Task done' : 'Task'}</span>
        <strong>{t.title}</strong>
      </p>
      <p className="entry-meta">
        {assignee ? <>For {assignee} · </> : null}
        {t.dueAt ? <>due {shortDate(t.dueAt)} · </> : null}
        added <When at={at} />
        <ViaLink via={via} />
      </p>
    </li>
  );
}

function ChangeItem({ type, c, at }: { type: RecordType; c: ChangeEntry; at: string }) {
  return (
    <li className={`entry change change-${c.action}`}>
      <p className="entry-head">{changeSentence(type, c)}</p>
      <p className="entry-meta">
        <When at={at} />
      </p>
    </li>
  );
}

function EntryItem({ type, e, names }: { type: RecordType; e: Entry; names: Names }) {
  if (e.kind === 'activity' && e.activity) return <ActivityItem a={e.activity} at={e.at} via={e.via} names={names} />;
  if (e.kind === 'task' && e.task) return <TaskItem t={e.task} at={e.at} via={e.via} names={names} />;
  if (e.change) {
    const c = e.change;
    const person = c.actorName == null && c.actorId && (c.actorType === 'user' || c.actorType === 'operator');
    return <ChangeItem type={type} c={person ? { ...c, actorName: names(c.actorId) } : c} at={e.at} />;
  }
  return null;
}

export function Timeline({ type, id }: { type: RecordType; id: string }) {
  const q = useTimeline(type, id);
  const names = usePersonName();
  if (q.isPending) return <SectionLoading what="Loading the timeline…" />;
  // A failed "Show more" keeps what was shown (the query is in error, with its data).
  if (!q.data) return <ErrorBox error={q.error} retry={() => void q.refetch()} />;
  const entries = q.data.pages.flatMap((p) => p.data);
  const total = q.data.pages[0]?.total ?? entries.length;
  return (
    <>
      <ol className="timeline" aria-label="Timeline">
        {entries.length ? (
          entries.map((e, i) => (
            <EntryItem key={`${e.kind}-${e.activity?.id ?? e.task?.id ?? ''}-${e.at}-${i}`} type={type} e={e} names={names} />
          ))
        ) : (
          <li className="empty">Nothing on the timeline yet.</li>
        )}
      </ol>
      {q.hasNextPage ? (
        <div className="timeline-more">
          <button
            type="button"
            onClick={() => void q.fetchNextPage()}
            disabled={q.isFetchingNextPage}
            aria-busy={q.isFetchingNextPage || undefined}
          >
            {q.isFetchingNextPage ? 'Loading…' : 'Show more'}
          </button>
          <span className="muted">
            {entries.length} of {count(total, 'entry', 'entries')}
          </span>
        </div>
      ) : null}
      {q.isFetchNextPageError ? <ErrorBox error={q.error} retry={() => void q.fetchNextPage()} /> : null}
    </>
  );
}
