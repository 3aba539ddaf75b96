import { client, ok } from '../api';
import { field, h, shortDate } from '../dom';
import { session, writeControl, writeForm } from '../session';
import { errorBox } from './login';
import { showFieldErrors } from './record-form';

const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
type Role = (typeof ROLES)[number];

/** People in this organisation, with seats used and licensed; owners and admins add and deactivate. */
export async function usersSection(): Promise<HTMLElement> {
  const page = await ok(client.api.users.$get({ query: { limit: '200', sort: 'name' } }));
  const seats = session.license?.seats;
  const rows = page.data.map((u) => {
    const toggle = writeControl(
      h(
        'button',
        {
          type: 'button',
          onclick: async (e: Event) => {
            const button = e.target as HTMLButtonElement;
            button.disabled = true;
            try {
              if (u.active) await ok(client.api.users[':id'].deactivate.$post({ param: { id: u.id } }));
              else await ok(client.api.users[':id'].reactivate.$post({ param: { id: u.id } }));
              section.replaceWith(await usersSection());
            } catch (err) {
              button.after(errorBox(err));
              button.disabled = false;
            }
          },
        },
        u.active ? `Deactivate ${u.name}` : `Reactivate ${u.name}`,
      ),
    );
    return h(
      'tr',
      null,
      h('td', { 'data-label': 'Name' }, u.name),
      h('td', { 'data-label': 'Email' }, u.email),
      h('td', { 'data-label': 'Role' }, u.role),
      h('td', { 'data-label': 'Status' }, u.active ? 'active' : 'deactivated'),
      h('td', null, u.id === session.me?.user?.id ? '' : toggle),
    );
  });
  const email = h('input', { name: 'email', type: 'email', required: true, autocomplete: 'off' });
  const name = h('input', { name: 'name', required: true, autocomplete: 'off' });
  const password = h('input', { name: 'password', type: 'password', required: true, autocomplete: 'new-password' });
  const role = h(
    'select',
    { name: 'role' },
    ROLES.map((r) => h('option', { value: r, selected: r === 'member' }, r)),
  );
  const status = h('div', { class: 'form-status' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'quick-add inline',
      'aria-label': 'Add a person',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          await ok(
            client.api.users.$post({
              header: {},
              json: { email: email.value.trim(), name: name.value.trim(), password: password.value, role: role.value as Role },
            }),
          );
          section.replaceWith(await usersSection());
        } catch (err) {
          showFieldErrors(form, status, err);
        }
      },
    },
    h(
      'fieldset',
      null,
      h('legend', null, 'Add a person'),
      field('Email', email),
      field('Name', name),
      field('Password', password, 'At least 10 characters, letters with digits or symbols.'),
      field('Role', role),
    ),
    status,
    h('button', { type: 'submit', class: 'primary' }, 'Add person'),
  );
  const section: HTMLElement = h(
    'section',
    { class: 'card', 'aria-labelledby': 'people-title' },
    h('h2', { id: 'people-title' }, 'People'),
    seats ? h('p', null, `Seats: ${seats.used} used of ${seats.licensed} licensed.`) : null,
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'records' },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['Name', 'Email', 'Role', 'Status', ''].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h('tbody', null, rows),
      ),
    ),
    writeForm(form),
  );
  return section;
}

/** API keys: the secret is shown once, right after creation. */
export async function apiKeysSection(): Promise<HTMLElement> {
  const page = await ok(client.api['api-keys'].$get({ query: {} }));
  const name = h('input', { name: 'name', required: true, autocomplete: 'off' });
  const scopes = (['read', 'write', 'admin'] as const).map((s) => ({
    s,
    box: h('input', { type: 'checkbox', name: 'scopes', value: s, id: `scope-${s}`, checked: s === 'read' }),
  }));
  const status = h('div', { class: 'form-status' });
  const shown = h('div', { 'aria-live': 'polite' });
  const form: HTMLFormElement = h(
    'form',
    {
      class: 'quick-add',
      'aria-label': 'Create an API key',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const created = await ok(
            client.api['api-keys'].$post({
              json: { name: name.value.trim(), scopes: scopes.filter((x) => x.box.checked).map((x) => x.s) },
            }),
          );
          const fresh = await apiKeysSection();
          fresh
            .querySelector('[aria-live]')
            ?.replaceChildren(
              h(
                'div',
                { class: 'banner banner-warn' },
                h('p', null, `The key “${created.name}”: copy it now, it is not shown again.`),
                h('pre', { class: 'command' }, h('code', null, created.secret)),
              ),
            );
          section.replaceWith(fresh);
        } catch (err) {
          showFieldErrors(form, status, err);
        }
      },
    },
    h('h3', null, 'Create an API key'),
    h(
      'fieldset',
      null,
      field('Key name', name),
      h(
        'fieldset',
        { class: 'scopes' },
        h('legend', null, 'Scopes'),
        scopes.map(({ s, box }) => h('label', { for: box.id, class: 'check' }, box, ` ${s}`)),
      ),
    ),
    status,
    h('button', { type: 'submit', class: 'primary' }, 'Create key'),
  );
  const rows = page.data.map((k) =>
    h(
      'tr',
      null,
      h('td', { 'data-label': 'Name' }, k.name),
      h('td', { 'data-label': 'Key' }, h('code', null, `tcrm_${k.prefix}_…`)),
      h('td', { 'data-label': 'Scopes' }, k.scopes.join(', ')),
      h('td', { 'data-label': 'Last used' }, k.lastUsedAt ? shortDate(k.lastUsedAt) : 'never'),
      h(
        'td',
        null,
        k.revokedAt
          ? 'revoked'
          : writeControl(
              h(
                'button',
                {
                  type: 'button',
                  onclick: async () => {
                    await ok(client.api['api-keys'][':id'].$delete({ param: { id: k.id } }));
                    section.replaceWith(await apiKeysSection());
                  },
                },
                `Revoke ${k.name}`,
              ),
            ),
      ),
    ),
  );
  const section: HTMLElement = h(
    'section',
    { class: 'card', 'aria-labelledby': 'keys-title' },
    h('h2', { id: 'keys-title' }, 'API keys'),
    shown,
    page.data.length
      ? h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'records' },
            h(
              'thead',
              null,
              h(
                'tr',
                null,
                ['Name', 'Key', 'Scopes', 'Last used', ''].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h('tbody', null, rows),
          ),
        )
      : h('p', { class: 'empty' }, 'No API keys yet.'),
    writeForm(form),
  );
  return section;
}
