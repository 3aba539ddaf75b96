import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, client, ok } from '../lib/api';
import { useSession, useWriteAccess } from '../lib/session';
import type { Task } from '../lib/types';
import { fieldErrors } from '../lib/words';
import { ErrorBox } from './errors';
import { Field } from './field';
import { PersonPicker } from './record-picker';
import { SubmitButton, useCreate } from './submit';
import type { TaskView } from './timeline';

/*
 * A task's form: new (on a record's page, or on the Tasks screen without a record) or an edit of
 * one. Title, due date and assignee (anyone in the organisation; a new task is the author's own
 * unless another is picked). A new task is created once however often it is sent
 * (Idempotency-Key); an edit sends only what changed.
 */

/** Which record a new task is about: the link field the API takes and the record's id. */
export interface TaskLink {
  field: 'contactId' | 'companyId' | 'leadId' | 'dealId';
  id: string;
}

const LABELS = { title: 'Task', dueAt: 'Due', assigneeId: 'Assignee' };

const pad = (n: number) => String(n).padStart(2, '0');
/** A due instant as the date input's value, in the browser's time zone. */
export const dueDay = (iso: string | null | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
};

/** A picked day as the instant the API stores: the end of the working day, or the time the task had. */
function dueInstant(day: string, previous: string | null | undefined): string | null {
  if (!day) return null;
  const time = previous ? new Date(previous) : null;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d, time ? time.getHours() : 17, time ? time.getMinutes() : 0).toISOString();
}

/** Every cached list of tasks (keys starting with 'tasks'; plain pages or infinite ones) shows this task as saved. */
export function putTaskInCache(qc: ReturnType<typeof useQueryClient>, task: Task) {
  const swap = (list: Task[]) => list.map((t) => (t.id === task.id ? { ...t, ...task } : t));
  qc.setQueriesData({ queryKey: ['tasks'] }, (data: unknown) => {
    if (!data || typeof data !== 'object') return data;
    const d = data as { data?: Task[]; pages?: { data: Task[] }[] };
    if (Array.isArray(d.pages)) return { ...d, pages: d.pages.map((p) => ({ ...p, data: swap(p.data) })) };
    if (Array.isArray(d.data)) return { ...d, data: swap(d.data) };
    return data;
  });
}

type Body = { title?: string; dueAt?: string | null; assigneeId?: string | null };

export function TaskForm({
  link,
  task,
  onDone,
  onCancel,
  heading: Heading = 'h2',
}: {
  /** A new task's record; none for a task of its own (the Tasks screen). */
  link?: TaskLink | null;
  /** The task to edit; none for a new one. */
  task?: TaskView | null;
  onDone?: (task: Task) => void;
  onCancel?: () => void;
  /** The "Add a task" heading's level: h3 inside a card that has its own h2. */
  heading?: 'h2' | 'h3';
}) {
  const qc = useQueryClient();
  const { me } = useSession();
  const access = useWriteAccess();
  const [title, setTitle] = useState(task?.title ?? '');
  const [due, setDue] = useState(dueDay(task?.dueAt));
  const [assigneeId, setAssigneeId] = useState<string | null>(task ? task.assigneeId : (me.user?.id ?? null));
  const [localError, setLocalError] = useState<ApiError | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const saved = (t: Task) => {
    putTaskInCache(qc, t);
    void qc.invalidateQueries({ queryKey: ['tasks'] });
    void qc.invalidateQueries({ queryKey: ['timeline'] });
    onDone?.(t);
  };
  const create = useCreate(
    async (body: Body, key: string) =>
      (await ok(
        client.api.tasks.$post({
          json: { ...body, ...(link ? { [link.field]: link.id } : {}) } as never,
          header: { 'idempotency-key': key },
        }),
      )) as unknown as Task,
    {
      onSuccess: (t) => {
        setTitle('');
        setDue('');
        setAdded(`Task added: ${t.title}.`);
        saved(t);
      },
    },
  );
  const edit = useMutation({
    mutationFn: async (body: Body) =>
      (await ok(client.api.tasks[':id'].$patch({ param: { id: task!.id }, json: body as never }))) as unknown as Task,
    onSuccess: saved,
  });
  const running = task ? edit : create;
  if (!access.visible) return null;
  const error = localError ?? running.error;
  const { byField, others } = fieldErrors(error, LABELS);

  function submit(e: React.FormEvent) {
    e.preventDefault();
    setAdded(null);
    setLocalError(null);
    const text = title.trim();
    if (!text)
      return setLocalError(new ApiError(400, 'VALIDATION_FAILED', '', { fields: [{ path: 'title', message: 'Task is required.' }] }));
    if (!task) {
      const dueAt = dueInstant(due, null);
      return create.submit({ title: text, ...(dueAt ? { dueAt } : {}), ...(assigneeId ? { assigneeId } : {}) });
    }
    if (edit.isPending) return;
    const body: Body = {};
    if (text !== task.title) body.title = text;
    if (due !== dueDay(task.dueAt)) body.dueAt = dueInstant(due, task.dueAt);
    if (assigneeId !== task.assigneeId) body.assigneeId = assigneeId;
    if (Object.keys(body).length === 0) return onDone?.(task);
    edit.mutate(body);
  }

  const readOnly = Boolean(access.disabledReason);
  return (
    <form
      className={task ? 'task-form' : 'quick-add task-form'}
      aria-labelledby={task ? undefined : 'add-task-title'}
      onSubmit={submit}
      noValidate
    >
      {task ? null : <Heading id="add-task-title">Add a task</Heading>}
      <fieldset disabled={readOnly} title={access.disabledReason ?? undefined}>
        <Field label={LABELS.title} name="title" error={byField.title}>
          <input value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
        </Field>
        <div className="task-row">
          <Field label={LABELS.dueAt} name="dueAt" error={byField.dueAt}>
            <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </Field>
          <Field label={LABELS.assigneeId} name="assigneeId" error={byField.assigneeId}>
            <PersonPicker value={assigneeId} onChange={setAssigneeId} clearable emptyLabel="Nobody" />
          </Field>
        </div>
      </fieldset>
      <ErrorBox error={error} others={others} />
      {added ? (
        <p className="form-done" role="status">
          {added}
        </p>
      ) : null}
      <div className="actions">
        <SubmitButton pending={running.isPending}>{task ? 'Save task' : 'Add task'}</SubmitButton>
        {onCancel ? (
          <button type="button" onClick={onCancel} disabled={running.isPending}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
