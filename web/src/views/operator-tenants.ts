import { client, ok } from '../api';
import { field, h, shortDate } from '../dom';
import { isOperator, session, writeControl, writeForm } from '../session';
import type { AdminTenant } from '../types';
import { confirmDialog } from './dialog';
import { clearFormErrors, showFormErrors, success } from './form-errors';
import { errorBox } from './login';

type Action = 'suspend' | 'resume' | 'delete';

const ASK: Record<Action, { title: (t: AdminTenant) => string; message: string; confirm: string; done: string }> = {
  suspend: {
    title: (t) => `Suspend ${t.name}?`,
    message: 'Its people can no longer sign in, and its tokens and API keys stop working. Its data is kept; you can resume it at any time.',
    confirm: 'Suspend',
    done: 'Suspended',
  },
  resume: {
    title: (t) => `Resume ${t.name}?`,
    message: 'Its people can sign in again and its API keys work again.',
    confirm: 'Resume',
    done: 'Resumed',
  },
  delete: {
    title: (t) => `Delete ${t.name}?`,
    message:
      'It disappears from this list and nobody can sign in to it. Its data stays in the database (for backups and audits), but this screen cannot bring it back.',
    confirm: 'Delete',
    done: 'Deleted',
  },
};

function act(action: Action, id: string) {
  const param = { param: { id } };
  if (action === 'suspend') return ok(client.api.admin.tenants[':id'].suspend.$post(param));
  if (action === 'resume') return ok(client.api.admin.tenants[':id'].resume.$post(param));
  return ok(client.api.admin.tenants[':id'].$delete(param));
}

/** A strong initial password, made in the browser (crypto), for the operator to hand over. */
function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const pick = (n: number) => Array.from(crypto.getRandomValues(new Uint32Array(n)), (x) => alphabet[x % alphabet.length]).join('');
  // Groups joined by dashes: easy to read out, and always letters mixed with symbols.
  return `${pick(5)}-${pick(5)}-${pick(5)}`;
}

const slugFrom = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

/** The one-time display of the new owner's sign-in details: the API never returns the password, so it is the one sent. */
function credentials(tenant: { name: string; slug: string }, email: string, password: string): HTMLElement {
  return h(
    'div',
    { class: 'banner banner-warn credentials', role: 'status' },
    h(
      'p',
      null,
      h('strong', null, `Created “${tenant.name}”. `),
      'Give its owner these sign-in details now: the password is not shown again.',
    ),
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'Organisation'),
      h('dd', null, h('code', null, tenant.slug)),
      h('dt', null, 'Email'),
      h('dd', null, h('code', null, email)),
      h('dt', null, 'Password'),
      h('dd', null, h('code', { class: 'secret' }, password)),
    ),
    h(
      'p',
      { class: 'hint' },
      `They sign in at ${location.origin}/login; the organisation is needed only if their email is also used elsewhere on this server.`,
    ),
  );
}

function createForm(
  onCreated: (created: { name: string; slug: string }, email: string, password: string) => Promise<void>,
): HTMLFormElement {
  const name = h('input', { name: 'name', required: true, maxlength: 120, autocomplete: 'off' });
  const slug = h('input', { name: 'slug', required: true, autocomplete: 'off', spellcheck: 'false', pattern: '[a-z0-9-]+' });
  const ownerName = h('input', { name: 'owner.name', required: true, maxlength: 120, autocomplete: 'off' });
  const ownerEmail = h('input', { name: 'owner.email', type: 'email', required: true, autocomplete: 'off' });
  const password = h('input', { name: 'owner.password', required: true, autocomplete: 'off', spellcheck: 'false', class: 'mono' });
  let slugEdited = false;
  name.addEventListener('input', () => void (slugEdited || (slug.value = slugFrom(name.value))));
  slug.addEventListener('input', () => void (slugEdited = slug.value !== ''));
  const status = h('div', { class: 'form-status' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'quick-add',
      'aria-labelledby': 'new-tenant-title',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFormErrors(form, status);
        const owner = { name: ownerName.value, email: ownerEmail.value.trim(), password: password.value };
        try {
          const created = await ok(client.api.admin.tenants.$post({ json: { name: name.value, slug: slug.value.trim(), owner } }));
          form.reset();
          slugEdited = false;
          await onCreated(created.tenant, created.owner.email, owner.password);
        } catch (err) {
          showFormErrors(form, status, err);
        }
      },
    },
    h('h2', { id: 'new-tenant-title' }, 'New organisation'),
    h(
      'fieldset',
      null,
      field('Organisation name', name),
      field('Slug', slug, 'Lower-case letters, digits and dashes; people type it when signing in. Made from the name until you edit it.'),
      field("Owner's name", ownerName),
      field("Owner's email", ownerEmail),
      field(
        "Owner's initial password",
        password,
        'At least 10 characters, letters mixed with digits or symbols. Shown once after creation so you can hand it over.',
      ),
      h('button', { type: 'button', onclick: () => ((password.value = generatePassword()), password.focus()) }, 'Generate a password'),
    ),
    status,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Create organisation')),
  );
  return form;
}

function tenantRow(t: AdminTenant, onAction: (action: Action, t: AdminTenant, button: HTMLButtonElement) => void): HTMLTableRowElement {
  const own = t.id === session.me?.tenant.id;
  const button = (action: Action, label: string) =>
    writeControl(
      h(
        'button',
        {
          type: 'button',
          class: action === 'delete' ? 'danger' : null,
          'aria-label': `${label} ${t.name}`,
          onclick: (e: Event) => onAction(action, t, e.currentTarget as HTMLButtonElement),
        },
        label,
      ),
    );
  const actions = own
    ? h('span', { class: 'muted' }, 'Your organisation: use another operator account to suspend it.')
    : h(
        'div',
        { class: 'actions' },
        t.status === 'active' ? button('suspend', 'Suspend') : button('resume', 'Resume'),
        button('delete', 'Delete'),
      );
  return h(
    'tr',
    { 'data-tenant-id': t.id },
    h('td', { 'data-label': 'Name' }, t.name),
    h('td', { 'data-label': 'Slug' }, h('code', null, t.slug)),
    h('td', { 'data-label': 'Status' }, h('span', { class: `status status-${t.status}` }, t.status)),
    h('td', { 'data-label': 'Active people' }, String(t.activeUsers)),
    h('td', { 'data-label': 'Created' }, shortDate(t.createdAt)),
    h('td', null, actions),
  );
}

/** Instance operators: every organisation on this server; create one with its owner, suspend, resume, delete. */
export async function operatorTenantsView(): Promise<HTMLElement> {
  if (!isOperator())
    return h(
      'p',
      { class: 'error-box', role: 'alert' },
      'Only instance operators can manage the organisations on this server. Ask your operator if you need a new one.',
    );
  const status = h('div', { class: 'form-status', 'aria-live': 'polite' });
  const list = h('div', { class: 'tenant-list' });

  const onAction = async (action: Action, t: AdminTenant, button: HTMLButtonElement) => {
    const ask = ASK[action];
    if (!(await confirmDialog({ title: ask.title(t), message: ask.message, confirm: ask.confirm, danger: action !== 'resume' }))) return;
    button.disabled = true;
    try {
      await act(action, t.id);
      await load();
      status.replaceChildren(success(`${ask.done} ${t.name}.`));
    } catch (err) {
      button.disabled = false;
      status.replaceChildren(errorBox(err));
    }
  };

  async function load(): Promise<void> {
    const rows: AdminTenant[] = [];
    let cursor: string | undefined;
    // Operators run a handful of organisations, rarely hundreds: read them all, a page at a time.
    do {
      const page = await ok(client.api.admin.tenants.$get({ query: { limit: '200', ...(cursor ? { cursor } : {}) } }));
      rows.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && rows.length < 2000);
    list.replaceChildren(
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'records tenants' },
          h('caption', null, `${rows.length} organisation${rows.length === 1 ? '' : 's'}`),
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['Name', 'Slug', 'Status', 'Active people', 'Created', ''].map((c) => h('th', { scope: 'col' }, c)),
            ),
          ),
          h(
            'tbody',
            null,
            rows.map((t) => tenantRow(t, (a, x, b) => void onAction(a, x, b))),
          ),
        ),
      ),
    );
  }

  await load();
  const created = h('div', { 'aria-live': 'polite' });
  const form = writeForm(
    createForm(async (tenant, email, password) => {
      created.replaceChildren(credentials(tenant, email, password));
      await load();
    }),
  );
  return h(
    'div',
    { class: 'operator-tenants', 'data-title': 'Organisations on this server' },
    h(
      'p',
      { class: 'muted' },
      'You are an instance operator: this screen acts across every organisation on this server. Suspending or deleting keeps the data; only access changes.',
    ),
    created,
    status,
    h('section', { class: 'card', 'aria-label': 'Organisations' }, list),
    form,
  );
}
