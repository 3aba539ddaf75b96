import { client, ok } from '../api';
import { h, shortDate } from '../dom';
import { navigate } from '../router';
import { writeControl } from '../session';
import type { Task } from '../types';
import { errorBox } from './login';

const VIEWS = [
  ['mine', 'Mine', 'No open tasks are assigned to you.'],
  ['overdue', 'Overdue', 'Nothing is overdue.'],
  ['today', 'Due today', 'Nothing is due today.'],
] as const;
type ViewName = (typeof VIEWS)[number][0];

async function fetchTasks(view: ViewName, cursor?: string) {
  const page = await ok(client.api.tasks.$get({ query: { view, limit: '50', ...(cursor ? { cursor } : {}) } }));
  return { data: page.data as unknown as Task[], nextCursor: page.nextCursor, total: page.total };
}

/** Where a task belongs: a link to its record (deals live on the board). */
function linkOf(t: Task): HTMLElement | null {
  const [kind, href] = t.contactId
    ? ['contact', `/contacts/${t.contactId}`]
    : t.companyId
      ? ['company', `/companies/${t.companyId}`]
      : t.leadId
        ? ['lead', `/leads/${t.leadId}`]
        : t.dealId
          ? ['deal', '/deals']
          : [];
  return kind ? h('a', { href, class: 'task-link', 'aria-label': `The ${kind} of “${t.title}”` }, kind) : null;
}

function row(t: Task, now: number): HTMLElement {
  const li = h('li', { class: t.done ? 'done' : '', 'data-task-id': t.id });
  const error = h('span', { class: 'field-error', role: 'alert' });
  const box = writeControl(h('input', { type: 'checkbox', id: `task-${t.id}`, checked: t.done }));
  box?.addEventListener('change', async () => {
    const want = box.checked;
    box.disabled = true;
    error.textContent = '';
    try {
      const saved = (await ok(client.api.tasks[':id'].$patch({ param: { id: t.id }, json: { done: want } }))) as unknown as Task;
      li.classList.toggle('done', saved.done);
      box.checked = saved.done;
    } catch (err) {
      box.checked = !want;
      error.replaceChildren(errorBox(err).textContent ?? '');
    }
    box.disabled = false;
  });
  const overdue = !t.done && t.dueAt && Date.parse(t.dueAt) < now;
  li.append(
    ...[
      box,
      h('label', { for: box ? box.id : false }, t.title),
      t.dueAt
        ? h('span', { class: overdue ? 'due overdue' : 'due muted' }, `${overdue ? 'overdue, ' : ''}due ${shortDate(t.dueAt)}`)
        : h('span', { class: 'due muted' }, 'no due date'),
      linkOf(t),
      error,
    ].filter((n): n is HTMLElement => Boolean(n)),
  );
  return li;
}

/** Tasks: mine, overdue and due today (the API's views), each completed in place by its checkbox. */
export async function tasksView(_params: unknown, query: URLSearchParams): Promise<HTMLElement> {
  const view: ViewName = VIEWS.find(([v]) => v === query.get('view'))?.[0] ?? 'mine';
  const tabs = h(
    'nav',
    { class: 'segmented', 'aria-label': 'Task views' },
    h(
      'ul',
      null,
      VIEWS.map(([v, label]) => h('li', null, h('a', { href: `/tasks?view=${v}`, 'aria-current': v === view ? 'page' : false }, label))),
    ),
  );
  const wrap = h('div', { class: 'tasks-view', 'data-view': view }, tabs);
  let page: Awaited<ReturnType<typeof fetchTasks>>;
  try {
    page = await fetchTasks(view);
  } catch (err) {
    wrap.append(
      errorBox(err),
      h('button', { type: 'button', onclick: () => navigate(location.pathname + location.search, true) }, 'Try again'),
    );
    return wrap;
  }
  const now = Date.now();
  const empty = VIEWS.find(([v]) => v === view)![2];
  if (page.data.length === 0) {
    wrap.append(h('p', { class: 'empty' }, empty));
    return wrap;
  }
  const list = h(
    'ul',
    { class: 'tasks task-list', 'aria-label': `${VIEWS.find(([v]) => v === view)![1]} tasks` },
    page.data.map((t) => row(t, now)),
  );
  const count = h('p', { class: 'muted', role: 'status' }, `${page.total} ${page.total === 1 ? 'task' : 'tasks'}`);
  wrap.append(count, h('div', { class: 'card' }, list));
  let cursor = page.nextCursor;
  if (cursor) {
    const more: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          more.disabled = true;
          try {
            const next = await fetchTasks(view, cursor ?? undefined);
            list.append(...next.data.map((t) => row(t, now)));
            cursor = next.nextCursor;
            if (!cursor) more.remove();
          } catch (err) {
            more.after(errorBox(err));
          }
          more.disabled = false;
        },
      },
      'Show more',
    );
    wrap.append(more);
  }
  return wrap;
}
