import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, ok } from '../lib/api';
import { useSession } from '../lib/session';
import { THEMES, useTheme } from '../lib/theme';
import { ErrorBox } from './errors';
import { Field } from './field';
import { pathErrors, Success, useUpdateMe } from './settings-kit';

// Both forms stay enabled in read-only license mode and for viewers: the server keeps
// /api/auth/me and /api/auth/password open to everyone signed in (SELF_SERVICE_PATHS).

const PASSWORD_HINT = 'At least 10 characters, mixing letters with digits or symbols; not a common password and not your email.';

function ProfileForm() {
  const { me } = useSession();
  const updateMe = useUpdateMe();
  const [name, setName] = useState(me.user!.name);
  const [saved, setSaved] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (value: string) => ok(client.api.auth.me.$patch({ json: { name: value } })),
    onSuccess: (user) => {
      updateMe((m) => ({ ...m, user }));
      setName(user.name);
      setSaved(user.name);
    },
  });
  const errors = pathErrors(save.error, { name: 'Your name' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    save.mutate(name);
  };
  return (
    <form aria-labelledby="profile-title" noValidate onSubmit={submit}>
      <h2 id="profile-title">Your profile</h2>
      <dl className="fields">
        <dt>Email</dt>
        <dd>{me.user!.email}</dd>
        <dt>Role</dt>
        <dd>{me.role}</dd>
        <dt>Organisation</dt>
        <dd>{me.tenant.name}</dd>
      </dl>
      <Field label="Your name" name="name" error={errors.byField.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} autoComplete="name" />
      </Field>
      <ErrorBox error={save.error} others={errors.others} />
      {saved ? <Success>Saved. Your name is now {saved}.</Success> : null}
      <button type="submit" className="primary" disabled={save.isPending} aria-busy={save.isPending || undefined}>
        Save name
      </button>
    </form>
  );
}

/** POST /api/auth/password: the server checks the current password and the policy; the confirmation is checked here. */
function PasswordForm() {
  const empty = { currentPassword: '', newPassword: '', confirmPassword: '' };
  const [values, setValues] = useState(empty);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: (v: typeof empty) =>
      ok(client.api.auth.password.$post({ json: { currentPassword: v.currentPassword, newPassword: v.newPassword } })),
    onSuccess: () => {
      setValues(empty);
      setDone(true);
    },
  });
  const server = pathErrors(change.error, { currentPassword: 'Current password', newPassword: 'New password' });
  const errors: Record<string, string | undefined> = { ...server.byField, ...local };
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [k]: e.target.value }));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setDone(false);
    change.reset();
    const form = e.currentTarget;
    const problem: Record<string, string> = {};
    if (!values.currentPassword) problem.currentPassword = 'Enter your current password.';
    else if (!values.newPassword) problem.newPassword = 'Enter a new password.';
    else if (values.confirmPassword !== values.newPassword) problem.confirmPassword = 'This does not match the new password.';
    setLocal(problem);
    const first = Object.keys(problem)[0];
    if (first) return form.querySelector<HTMLInputElement>(`[data-field="${first}"] input`)?.focus();
    change.mutate(values);
  };
  return (
    <form aria-labelledby="password-title" noValidate onSubmit={submit}>
      <h2 id="password-title">Change your password</h2>
      <Field label="Current password" name="currentPassword" error={errors.currentPassword}>
        <input type="password" value={values.currentPassword} onChange={set('currentPassword')} required autoComplete="current-password" />
      </Field>
      <Field label="New password" name="newPassword" hint={PASSWORD_HINT} error={errors.newPassword}>
        <input type="password" value={values.newPassword} onChange={set('newPassword')} required autoComplete="new-password" />
      </Field>
      <Field label="Confirm new password" name="confirmPassword" error={errors.confirmPassword}>
        <input type="password" value={values.confirmPassword} onChange={set('confirmPassword')} required autoComplete="new-password" />
      </Field>
      <ErrorBox error={change.error} others={server.others} />
      {done ? (
        <Success>Your password has been changed. Use it the next time you sign in; your other sessions were signed out.</Success>
      ) : null}
      <button type="submit" className="primary" disabled={change.isPending} aria-busy={change.isPending || undefined}>
        Change password
      </button>
    </form>
  );
}

/** Light, dark or the system's: kept in this browser only, applied at once. */
function ThemeChoice() {
  const [theme, setTheme] = useTheme();
  return (
    <fieldset className="theme-choice">
      <legend>Colour scheme</legend>
      <p className="hint">For this browser only. System follows your device's light or dark setting.</p>
      <div className="theme-options">
        {THEMES.map((t) => (
          <label key={t.value} className="check">
            <input type="radio" name="theme" value={t.value} checked={theme === t.value} onChange={() => setTheme(t.value)} />
            {t.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

/** Profile and password for a signed-in person (an API key has neither), and the colour scheme. */
export function ProfileSection() {
  const { me } = useSession();
  if (!me.user)
    return (
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">Your profile</h2>
        <p>You are using an API key: it has no profile or password to change.</p>
        <ThemeChoice />
      </section>
    );
  return (
    <section className="card profile" aria-label="Profile and password">
      <div className="settings-pair">
        <ProfileForm />
        <PasswordForm />
      </div>
      <ThemeChoice />
    </section>
  );
}
