import { ApiError, client, toApiError } from '../api';
import { field, h } from '../dom';

export function errorBox(e: unknown): HTMLElement {
  const message = e instanceof ApiError ? e.message : e instanceof Error ? e.message : String(e);
  return h('div', { class: 'error-box', role: 'alert' }, message);
}

export function setupRequiredView(command: string): HTMLElement {
  return h(
    'main',
    { id: 'main', class: 'centered' },
    h('h1', null, 'Setup required'),
    h(
      'p',
      null,
      'This Trasealla CRM server has no license activated yet, so nobody can sign in. The operator activates it on the server with:',
    ),
    h('pre', { class: 'command' }, h('code', null, command)),
    h('p', null, 'Then reload this page.'),
  );
}

export function loginView(opts: { expired: boolean; onSignedIn(): void }): HTMLElement {
  const email = h('input', { name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const tenant = h('input', { name: 'tenant', autocomplete: 'organization', pattern: '[a-z0-9-]+' });
  const status = h('div', { class: 'form-status', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = h(
    'form',
    {
      class: 'card login',
      'aria-labelledby': 'login-title',
      onsubmit: async (e: Event) => {
        e.preventDefault();
        submit.disabled = true;
        status.replaceChildren();
        try {
          const res = await client.api.auth.login.$post({
            json: { email: email.value.trim(), password: password.value, ...(tenant.value.trim() ? { tenant: tenant.value.trim() } : {}) },
          });
          if (!res.ok) throw await toApiError(res);
          opts.onSignedIn();
        } catch (err) {
          if (err instanceof ApiError && err.code === 'LICENSE_REQUIRED') {
            document.getElementById('app')!.replaceChildren(setupRequiredView(err.details.setupCommand ?? 'trasealla setup'));
            return;
          }
          status.replaceChildren(errorBox(err));
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h1', { id: 'login-title' }, 'Sign in to Trasealla CRM'),
    opts.expired ? h('p', { class: 'banner banner-warn', role: 'status' }, 'Your session has ended. Sign in again to continue.') : null,
    field('Email', email),
    field('Password', password),
    field('Organisation (optional)', tenant, 'Only needed when your email belongs to several organisations.'),
    status,
    submit,
  );
  return h('main', { id: 'main', class: 'centered' }, form);
}
