import { client, ok } from '../api';
import { field, h, money, shortDate, type Child } from '../dom';
import {
  displayName,
  getRecord,
  recordApi,
  humanize,
  listHref,
  listPage,
  RECORDS,
  type AnyRecord,
  type FieldDef,
  type RecordType,
} from '../records';
import { writeControl, writeForm } from '../session';
import type { Deal, Lead, TimelineEntry } from '../types';
import { conversionSection } from './lead-convert';
import { loadOwners, ownerName } from './owners';
import { showFieldErrors } from './record-form';

async function timeline(type: RecordType, id: string): Promise<TimelineEntry[]> {
  return (await ok(recordApi(type)[':id'].timeline.$get({ param: { id }, query: {} }))).data;
}

/** The field an activity or task names the record by; null for a type they are never about. */
const LINK_FIELD: Record<RecordType, string | null> = {
  contacts: 'contactId',
  companies: 'companyId',
  leads: 'leadId',
  deals: 'dealId',
  products: null,
};

/** A linked record's name, or null when it is gone (a deleted company keeps its id on the deal). */
const nameOf = (type: RecordType, id: unknown) =>
  typeof id === 'string' && id
    ? getRecord(type, id)
        .then((r) => displayName(type, r))
        .catch(() => null)
    : Promise.resolve(null);

function entryView(e: TimelineEntry): HTMLElement {
  if (e.kind === 'activity' && e.activity)
    return h(
      'li',
      { class: `entry activity ${e.activity.type}` },
      h('span', { class: 'kind' }, e.activity.type),
      h('strong', null, e.activity.subject),
      e.activity.body ? h('p', null, e.activity.body) : null,
      h('time', { datetime: e.at }, shortDate(e.at)),
    );
  if (e.kind === 'task' && e.task)
    return h(
      'li',
      { class: 'entry task' },
      h('span', { class: 'kind' }, e.task.done ? 'task done' : 'task'),
      h('strong', null, e.task.title),
      e.task.dueAt ? h('span', { class: 'muted' }, ` due ${shortDate(e.task.dueAt)}`) : null,
      h('time', { datetime: e.at }, shortDate(e.at)),
    );
  return h(
    'li',
    { class: 'entry change' },
    h('span', { class: 'kind' }, 'change'),
    `${e.change?.action ?? 'changed'}`,
    h('time', { datetime: e.at }, shortDate(e.at)),
  );
}

export async function recordPageView(type: RecordType, id: string): Promise<HTMLElement> {
  const spec = RECORDS[type];
  const [record, entries, owners] = await Promise.all([getRecord(type, id), timeline(type, id), loadOwners()]);
  const values = record as unknown as Record<string, unknown>;
  const deal = type === 'deals' ? (record as Deal) : null;
  const [companyName, contactName, pipeline] = await Promise.all([
    type === 'contacts' || deal ? nameOf('companies', values.companyId) : null,
    deal ? nameOf('contacts', deal.contactId) : null,
    deal ? ok(client.api.pipelines[':id'].$get({ param: { id: deal.pipelineId } })).catch(() => null) : null,
  ]);
  const linkTo = (path: string, v: unknown, name: string | null) =>
    v ? h('a', { href: `/${path}/${String(v)}` }, name ?? String(v)) : '—';
  const shownValue = (f: FieldDef, v: unknown): Child => {
    if (f.type === 'company') return linkTo('companies', v, companyName);
    if (f.type === 'contact') return linkTo('contacts', v, contactName);
    if (f.type === 'pipeline') return pipeline?.name ?? String(v);
    if (f.type === 'stage') return pipeline?.stages.find((s) => s.id === v)?.name ?? String(v);
    if (v == null || v === '') return '—';
    if (f.name === 'value' && deal) return money(deal.value, deal.currency);
    if (f.type === 'percent') return `${String(v)}%`;
    return f.type === 'select' ? humanize(String(v)) : String(v);
  };

  const fields = h(
    'dl',
    { class: 'fields' },
    spec.fields
      .filter((f) => !(deal && f.name === 'lostReason' && deal.status !== 'lost'))
      .map((f) => [h('dt', null, f.label), h('dd', null, shownValue(f, values[f.name]))]),
    type === 'leads' ? [h('dt', null, 'Number'), h('dd', null, (record as Lead).number)] : null,
    deal
      ? [h('dt', null, 'Status'), h('dd', null, humanize(deal.status) + (deal.closedAt ? ` · closed ${shortDate(deal.closedAt)}` : ''))]
      : null,
    h('dt', null, 'Owner'),
    h('dd', null, ownerName(owners, values.ownerId as string | null)),
  );
  const list = h(
    'ol',
    { class: 'timeline', 'aria-label': 'Timeline' },
    entries.length ? entries.map(entryView) : h('li', { class: 'empty' }, 'Nothing on the timeline yet.'),
  );
  const refresh = async () => {
    const fresh = await timeline(type, id);
    list.replaceChildren(...(fresh.length ? fresh.map(entryView) : [h('li', { class: 'empty' }, 'Nothing on the timeline yet.')]));
  };
  const linkField = LINK_FIELD[type];
  const link = linkField ? { [linkField]: id } : {};

  // Quick add: an activity (call, email, meeting, note) or a task.
  const actType = h(
    'select',
    { name: 'type' },
    ['call', 'email', 'meeting', 'note'].map((t) => h('option', { value: t }, t[0]!.toUpperCase() + t.slice(1))),
  );
  const subject = h('input', { name: 'subject', required: true });
  const body = h('textarea', { name: 'body', rows: 2 });
  const actStatus = h('div', { class: 'form-status' });
  const activityForm = h(
    'form',
    {
      class: 'quick-add',
      'aria-label': 'Log an activity',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          await ok(
            client.api.activities.$post({
              header: {},
              json: {
                type: actType.value,
                subject: subject.value.trim(),
                ...(body.value.trim() ? { body: body.value.trim() } : {}),
                ...link,
              } as never,
            }),
          );
          subject.value = '';
          body.value = '';
          actStatus.replaceChildren(h('p', { role: 'status' }, 'Logged.'));
          await refresh();
        } catch (err) {
          showFieldErrors(activityForm, actStatus, err);
        }
      },
    },
    h('h2', null, 'Log an activity'),
    h('fieldset', null, field('Type', actType), field('Subject', subject), field('Notes', body)),
    actStatus,
    h('button', { type: 'submit', class: 'primary' }, 'Log activity'),
  );
  const taskTitle = h('input', { name: 'title', required: true });
  const taskDue = h('input', { name: 'dueAt', type: 'date' });
  const taskStatus = h('div', { class: 'form-status' });
  const taskForm = h(
    'form',
    {
      class: 'quick-add',
      'aria-label': 'Add a task',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const dueAt = taskDue.value ? new Date(`${taskDue.value}T17:00:00`).toISOString() : undefined;
          await ok(
            client.api.tasks.$post({ header: {}, json: { title: taskTitle.value.trim(), ...(dueAt ? { dueAt } : {}), ...link } as never }),
          );
          taskTitle.value = '';
          taskStatus.replaceChildren(h('p', { role: 'status' }, 'Task added.'));
          await refresh();
        } catch (err) {
          showFieldErrors(taskForm, taskStatus, err);
        }
      },
    },
    h('h2', null, 'Add a task'),
    h('fieldset', null, field('Task', taskTitle), field('Due', taskDue)),
    taskStatus,
    h('button', { type: 'submit', class: 'primary' }, 'Add task'),
  );

  let related: HTMLElement | null = type === 'leads' ? await conversionSection(record as Lead) : null;
  if (type === 'companies') {
    const [contacts, deals] = await Promise.all([
      listPage('contacts', { companyId: id, limit: '50' }),
      ok(client.api.deals.$get({ query: { companyId: id, limit: '50' } })),
    ]);
    const dealRows = deals.data as unknown as Deal[];
    related = h(
      'section',
      { class: 'card' },
      h('h2', null, 'Related'),
      h('h3', null, `Contacts (${contacts.total})`),
      contacts.data.length
        ? h(
            'ul',
            null,
            contacts.data.map((c) => h('li', null, h('a', { href: `/contacts/${c.id}` }, displayName('contacts', c)))),
          )
        : h('p', { class: 'empty' }, 'No contacts.'),
      h('h3', null, `Deals (${deals.total})`),
      dealRows.length
        ? h(
            'ul',
            null,
            dealRows.map((d) =>
              h('li', null, h('a', { href: `/deals/${d.id}` }, d.title), ` · ${money(d.value, d.currency)} · ${d.status}`),
            ),
          )
        : h('p', { class: 'empty' }, 'No deals.'),
    );
  }
  if (deal)
    related = h(
      'section',
      { class: 'card', 'aria-labelledby': 'related-h' },
      h('h2', { id: 'related-h' }, 'Related'),
      h(
        'ul',
        null,
        h('li', null, 'Company: ', linkTo('companies', deal.companyId, companyName)),
        h('li', null, 'Contact: ', linkTo('contacts', deal.contactId, contactName)),
        h(
          'li',
          null,
          h('a', { href: `/deals?pipeline=${encodeURIComponent(deal.pipelineId)}` }, `On the ${pipeline?.name ?? 'pipeline'} board`),
        ),
      ),
    );

  return h(
    'div',
    { class: 'record-page', 'data-title': displayName(type, record as AnyRecord) },
    h(
      'div',
      { class: 'toolbar' },
      h('a', { href: listHref(type) }, `← All ${type}`),
      h('span', { class: 'spacer' }),
      writeControl(h('a', { class: 'button', href: `/${type}/${id}/edit` }, 'Edit')),
    ),
    h(
      'div',
      { class: 'columns' },
      h('div', null, h('section', { class: 'card' }, h('h2', null, 'Details'), fields), related),
      h(
        'div',
        null,
        linkField ? writeForm(activityForm) : null,
        linkField ? writeForm(taskForm) : null,
        h('section', { class: 'card' }, h('h2', null, 'Timeline'), list),
      ),
    ),
  );
}
