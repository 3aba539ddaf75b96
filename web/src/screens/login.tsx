import { useQueryClient } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type FormEvent } from 'react';
import { client, ok } from '../lib/api';
import { SESSION_KEY, useSessionState } from '../lib/session';
import { ErrorBox } from '../components/errors';
import { Field } from '../components/field';
import { fieldErrors } from '../lib/words';

/** Only a path on this site: `?next=//elsewhere` must not lead away. */
export const safeNext = (next: string | undefined) => (next && /^\/(?![/\\])/.test(next) ? next : '/');

const LABELS = { email: 'Email', password: 'Password', tenant: 'Organisation' };

export function Login() {
  const search = useSearch({ strict: false }) as { next?: string; expired?: string };
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [tenant, setTenant] = useState('');
  const [needsTenant, setNeedsTenant] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const errors = fieldErrors(error, LABELS);
  // Already signed in (a bookmark of /login, the back button): straight on.
  const session = useSessionState();
  const signedIn = session.data?.state === 'signed-in' && !search.expired;
  useEffect(() => {
    if (signedIn) void navigate({ to: safeNext(search.next), replace: true });
  }, [signedIn, navigate, search.next]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await ok(client.api.auth.login.$post({ json: { email: email.trim(), password, ...(tenant ? { tenant } : {}) } }));
      await qc.invalidateQueries({ queryKey: SESSION_KEY });
      await navigate({ to: safeNext(search.next), replace: true });
    } catch (err) {
      if ((err as { code?: string }).code === 'CONFLICT') setNeedsTenant(true);
      setError(err);
    } finally {
      setPending(false);
    }
  }

  if (session.data?.state === 'setup') return <SetupRequired command={session.data.command} />;
  return (
    <main id="main" className="centered login">
      <h1>Sign in to Trasealla CRM</h1>
      {search.expired ? (
        <p className="banner banner-warn" role="status">
          Your session has ended. Sign in again to continue.
        </p>
      ) : null}
      <form onSubmit={(e) => void submit(e)} noValidate className="card">
        <Field label="Email" error={errors.byField.email}>
          <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label="Password" error={errors.byField.password}>
          <input
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </Field>
        <Field
          label="Organisation (optional)"
          hint={
            needsTenant
              ? 'Your email is in several organisations: type the short name of the one to sign in to.'
              : 'Only needed when your email belongs to several organisations.'
          }
          error={errors.byField.tenant}
        >
          <input name="tenant" autoComplete="organization" value={tenant} onChange={(e) => setTenant(e.target.value.trim())} />
        </Field>
        <ErrorBox error={error} others={errors.others} />
        <button type="submit" className="primary" disabled={pending} aria-busy={pending || undefined}>
          Sign in
        </button>
      </form>
    </main>
  );
}

export function SetupRequired({ command }: { command: string }) {
  return (
    <main id="main" className="centered">
      <h1>Setup required</h1>
      <p>This Trasealla CRM server has no license activated yet, so nobody can sign in. The operator activates it on the server with:</p>
      <pre className="command">
        <code>{command}</code>
      </pre>
      <p className="muted">Then reload this page.</p>
    </main>
  );
}
