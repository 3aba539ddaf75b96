import { client, ok } from '../api';
import { field, h } from '../dom';
import { refreshWhoLine, session } from '../session';
import { clearFormErrors, setFieldError, showFormErrors, success } from './form-errors';

// Both forms stay enabled in read-only license mode and for viewers: the server keeps
// /api/auth/me and /api/auth/password open to everyone signed in (SELF_SERVICE_PATHS).

/** My name, changed with PATCH /api/auth/me; the top bar follows. */
function profileForm(): HTMLElement {
  const me = session.me!;
  const name = h('input', { name: 'name', required: true, autocomplete: 'name', maxlength: 120, value: me.user!.name });
  const status = h('div', { class: 'form-status' });
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'profile-title',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFormErrors(form, status);
        try {
          const user = await ok(client.api.auth.me.$patch({ json: { name: name.value } }));
          me.user = user;
          name.value = user.name;
          refreshWhoLine();
          status.replaceChildren(success(`Saved. Your name is now ${user.name}.`));
        } catch (err) {
          showFormErrors(form, status, err);
        }
      },
    },
    h('h2', { id: 'profile-title' }, 'Your profile'),
    h(
      'dl',
      { class: 'fields' },
      h('dt', null, 'Email'),
      h('dd', null, me.user!.email),
      h('dt', null, 'Role'),
      h('dd', null, me.role),
      h('dt', null, 'Organisation'),
      h('dd', null, me.tenant.name),
    ),
    field('Your name', name),
    status,
    h('button', { type: 'submit', class: 'primary' }, 'Save name'),
  );
  return form;
}

/** POST /api/auth/password: the server checks the current password and the policy; the confirmation is checked here. */
function passwordForm(): HTMLElement {
  const current = h('input', { name: 'currentPassword', type: 'password', required: true, autocomplete: 'current-password' });
  const next = h('input', { name: 'newPassword', type: 'password', required: true, autocomplete: 'new-password' });
  const confirm = h('input', { name: 'confirmPassword', type: 'password', required: true, autocomplete: 'new-password' });
  const status = h('div', { class: 'form-status' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Change password');
  const form: HTMLFormElement = h(
    'form',
    {
      'aria-labelledby': 'password-title',
      novalidate: true,
      onsubmit: async (e: Event) => {
        e.preventDefault();
        clearFormErrors(form, status);
        if (!current.value) return void (setFieldError(current, 'Enter your current password.'), current.focus());
        if (!next.value) return void (setFieldError(next, 'Enter a new password.'), next.focus());
        if (confirm.value !== next.value) return void (setFieldError(confirm, 'This does not match the new password.'), confirm.focus());
        submit.disabled = true;
        try {
          await ok(client.api.auth.password.$post({ json: { currentPassword: current.value, newPassword: next.value } }));
          form.reset();
          status.replaceChildren(
            success('Your password has been changed. Use it the next time you sign in; your other sessions were signed out.'),
          );
        } catch (err) {
          showFormErrors(form, status, err);
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h2', { id: 'password-title' }, 'Change your password'),
    field('Current password', current),
    field('New password', next, 'At least 10 characters, mixing letters with digits or symbols; not a common password and not your email.'),
    field('Confirm new password', confirm),
    status,
    submit,
  );
  return form;
}

/** Profile and password for a signed-in person; an API key has neither. */
export function profileSection(): HTMLElement {
  if (!session.me?.user)
    return h(
      'section',
      { class: 'card' },
      h('h2', null, 'Your profile'),
      h('p', null, 'You are using an API key: it has no profile or password to change.'),
    );
  return h(
    'section',
    { class: 'card profile', 'aria-label': 'Profile and password' },
    h('div', { class: 'settings-pair' }, profileForm(), passwordForm()),
  );
}
