import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { client, ok } from '../lib/api';
import { count, shortDate } from '../lib/format';
import { usePersonName } from '../lib/record-queries';
import { humanize } from '../lib/records';
import { useWriteAccess } from '../lib/session';
import type { Task } from '../lib/types';
import { errorHeadline } from '../lib/words';
import { Modal } from './dialog';
import { ErrorBox } from './errors';
import { putTaskInCache, TaskForm, type TaskLink } from './task-form';
import { SectionLoading, type TaskView } from './timeline';

/*
 * Tasks as a list: each with its assignee, due date (overdue in red), the record it is about,
 * a checkbox that marks it done on the server in place (the row stays, struck through), and an
 * Edit button (title, due, assignee). Used on every record's page and by the Tasks screen.
 */

const RECORD_PATH = { contact: 'contacts', company: 'companies', lead: 'leads', deal: 'deals' } as const;

/** The record a task is about: the server names it; before it did, its link fields said which. */
function recordOf(t: TaskView): { type: keyof typeof RECORD_PATH; id: string; name: string | null } | null {
  if (t.record) return t.record as { type: keyof typeof RECORD_PATH; id: string; name: string | null };
  if (t.dealId) return { type: 'deal', id: t.dealId, name: null };
  if (t.leadId) return { type: 'lead', id: t.leadId, name: null };
  if (t.contactId) return { type: 'contact', id: t.contactId, name: null };
  if (t.companyId) return { type: 'company', id: t.companyId, name: null };
  return null;
}

/** Done or not, on the server; every cached list shows the saved task at once, where it was. */
export function useToggleTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async ({ task, done }: { task: Task; done: boolean }) =>
      (await ok(client.api.tasks[':id'].$patch({ param: { id: task.id }, json: { done } as never }))) as unknown as Task,
    onSuccess: (saved) => {
      putTaskInCache(qc, saved);
      void qc.invalidateQueries({ queryKey: ['timeline'] });
    },
  });
}

export function TaskRow({ task, showRecord = true, now = Date.now() }: { task: TaskView; showRecord?: boolean; now?: number }) {
  const access = useWriteAccess();
  const names = usePersonName();
  const toggle = useToggleTask();
  const [editing, setEditing] = useState(false);
  // What the box shows while the change is on its way: set in the click itself, so the
  // controlled checkbox does not spring back before the mutation's state arrives.
  const [wanted, setWanted] = useState<boolean | null>(null);
  // The row shows what the server saved, even when a list that holds it is not refetched.
  const [shown, setShown] = useState<TaskView>(task);
  const t = shown.updatedAt >= task.updatedAt ? shown : task;
  const boxId = `task-${t.id}`;
  const overdue = !t.done && t.dueAt && Date.parse(t.dueAt) < now;
  const assignee = t.assigneeName ?? (t.assigneeId ? names(t.assigneeId) : null);
  const record = showRecord ? recordOf(t) : null;
  const blocked = access.disabledReason;
  return (
    <li className={t.done ? 'done' : undefined} data-task-id={t.id}>
      {access.visible ? (
        <input
          type="checkbox"
          id={boxId}
          checked={wanted ?? t.done}
          disabled={wanted !== null || Boolean(blocked)}
          title={blocked ?? undefined}
          aria-describedby={blocked ? 'license-banner' : undefined}
          onChange={(e) => {
            const done = e.target.checked;
            setWanted(done);
            toggle.mutate({ task: t, done }, { onSuccess: (saved) => setShown({ ...t, ...saved }), onSettled: () => setWanted(null) });
          }}
        />
      ) : null}
      {access.visible ? (
        <label htmlFor={boxId} className="task-title" id={`${boxId}-title`}>
          {t.title}
        </label>
      ) : (
        <span className="task-title" id={`${boxId}-title`}>
          {t.title}
          {t.done ? <span className="sr-only"> (done)</span> : null}
        </span>
      )}
      <span className={overdue ? 'due overdue' : 'due muted'}>
        {t.dueAt ? `${overdue ? 'overdue, ' : ''}due ${shortDate(t.dueAt)}` : 'no due date'}
      </span>
      <span className="assignee muted">{assignee ? `for ${assignee}` : 'unassigned'}</span>
      {record ? (
        <span className="task-record">
          {humanize(record.type)}: <Link to={`/${RECORD_PATH[record.type]}/${record.id}`}>{record.name ?? `the ${record.type}`}</Link>
        </span>
      ) : null}
      {access.visible ? (
        <button
          type="button"
          className="link-button task-edit"
          onClick={() => setEditing(true)}
          disabled={Boolean(blocked)}
          title={blocked ?? undefined}
          // Named "Edit" and described by the task's title: a label holding the title would make
          // the title match two controls (the checkbox and this) for anyone finding it by label.
          aria-describedby={`${boxId}-title`}
        >
          Edit
        </button>
      ) : null}
      {toggle.isError ? (
        <span className="field-error" role="alert">
          {errorHeadline(toggle.error)}
        </span>
      ) : null}
      <Modal open={editing} onOpenChange={setEditing} title={`Edit task “${t.title}”`}>
        <TaskForm
          task={t}
          onDone={(saved) => {
            setShown({ ...t, ...saved });
            setEditing(false);
          }}
          onCancel={() => setEditing(false)}
        />
      </Modal>
    </li>
  );
}

/** A list of tasks, labelled (e.g. "Tasks of Ana Ortega", "Overdue tasks"). */
export function TaskList({
  tasks,
  label,
  showRecord = true,
  empty = 'No tasks.',
}: {
  tasks: TaskView[];
  label: string;
  showRecord?: boolean;
  empty?: string;
}) {
  const now = Date.now();
  if (tasks.length === 0) return <p className="empty">{empty}</p>;
  return (
    <ul className="tasks task-list" aria-label={label}>
      {tasks.map((t) => (
        <TaskRow key={t.id} task={t} showRecord={showRecord} now={now} />
      ))}
    </ul>
  );
}

type TaskPage = { data: TaskView[]; nextCursor: string | null; total: number };

/** A record's tasks, open ones by due date first (the server's order), done ones after. */
export function useRecordTasks(link: TaskLink | null) {
  return useQuery({
    queryKey: ['tasks', 'record', link?.field, link?.id],
    enabled: Boolean(link),
    queryFn: async (): Promise<TaskPage> =>
      (await ok(client.api.tasks.$get({ query: { [link!.field]: link!.id, limit: '100' } as never }))) as unknown as TaskPage,
  });
}

/** The Tasks card of a record's page: its tasks and the form that adds one. */
export function RecordTasks({ link, name }: { link: TaskLink; name: string }) {
  const tasks = useRecordTasks(link);
  const list = tasks.data?.data ?? [];
  const ordered = [...list.filter((t) => !t.done), ...list.filter((t) => t.done)];
  return (
    <section className="card record-tasks" aria-labelledby="record-tasks-title">
      <h2 id="record-tasks-title">Tasks{tasks.data ? ` (${tasks.data.total})` : ''}</h2>
      {tasks.isPending ? (
        <SectionLoading what="Loading tasks…" />
      ) : tasks.isError ? (
        <ErrorBox error={tasks.error} retry={() => void tasks.refetch()} />
      ) : (
        <>
          <TaskList tasks={ordered} label={`Tasks of ${name}`} showRecord={false} empty="No tasks yet." />
          {tasks.data.total > list.length ? <p className="muted">The first {count(list.length, 'task')} are shown.</p> : null}
        </>
      )}
      <TaskForm link={link} heading="h3" />
    </section>
  );
}
