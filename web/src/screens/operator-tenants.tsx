import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useConfirm } from '../components/dialog';
import { ErrorBox, Loading } from '../components/errors';
import { Field } from '../components/field';
import { Screen } from '../components/screen';
import { CredentialsNotice, generatePassword, pathErrors, Success } from '../components/settings-kit';
import { SubmitButton, useCreate } from '../components/submit';
import { WriteButton } from '../components/write';
import { client, ok } from '../lib/api';
import { count, shortDate } from '../lib/format';
import { isOperatorOf, useSession } from '../lib/session';
import type { AdminTenant } from '../lib/types';

type Action = 'suspend' | 'resume' | 'delete';

const ASK: Record<Action, { title: (t: AdminTenant) => string; body: string; confirm: string; done: string }> = {
  suspend: {
    title: (t) => `Suspend ${t.name}?`,
    body: 'Its people can no longer sign in, and its tokens and API keys stop working. Its data is kept; you can resume it at any time.',
    confirm: 'Suspend',
    done: 'Suspended',
  },
  resume: {
    title: (t) => `Resume ${t.name}?`,
    body: 'Its people can sign in again and its API keys work again.',
    confirm: 'Resume',
    done: 'Resumed',
  },
  delete: {
    title: (t) => `Delete ${t.name}?`,
    body: 'It disappears from this list and nobody can sign in to it. Its data stays in the database (for backups and audits), but this screen cannot bring it back.',
    confirm: 'Delete',
    done: 'Deleted',
  },
};

const TENANTS_KEY = ['admin-tenants'] as const;

function act(action: Action, id: string) {
  const param = { param: { id } };
  if (action === 'suspend') return ok(client.api.admin.tenants[':id'].suspend.$post(param));
  if (action === 'resume') return ok(client.api.admin.tenants[':id'].resume.$post(param));
  return ok(client.api.admin.tenants[':id'].$delete(param));
}

/** Every organisation: operators run a handful, rarely hundreds; read them all, a page at a time. */
async function allTenants(): Promise<AdminTenant[]> {
  const rows: AdminTenant[] = [];
  let cursor: string | undefined;
  do {
    const page = await ok(client.api.admin.tenants.$get({ query: { limit: '200', ...(cursor ? { cursor } : {}) } }));
    rows.push(...page.data);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && rows.length < 2000);
  return rows;
}

const slugFrom = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);

interface Created {
  name: string;
  slug: string;
  email: string;
  password: string;
}

/** The one-time display of the new owner's sign-in details: the API never returns the password, so it is the one sent. */
function Credentials({ c }: { c: Created }) {
  return (
    <CredentialsNotice
      made={`Created “${c.name}”.`}
      who="its owner"
      fields={[
        ['Organisation', c.slug],
        ['Email', c.email],
        ['Password', c.password, true],
      ]}
      hint={`They sign in at ${location.origin}/login; the organisation is needed only if their email is also used elsewhere on this server.`}
    />
  );
}

const LABELS = {
  name: 'Organisation name',
  slug: 'Slug',
  'owner.name': "Owner's name",
  'owner.email': "Owner's email",
  'owner.password': "Owner's initial password",
};

function CreateForm({ onCreated }: { onCreated: (c: Created) => void }) {
  const qc = useQueryClient();
  const empty = { name: '', slug: '', ownerName: '', ownerEmail: '', password: '' };
  const [v, setV] = useState(empty);
  const [slugEdited, setSlugEdited] = useState(false);
  const create = useCreate(
    (body: typeof empty, key) =>
      ok(
        client.api.admin.tenants.$post(
          {
            json: {
              name: body.name,
              slug: body.slug.trim(),
              owner: { name: body.ownerName, email: body.ownerEmail.trim(), password: body.password },
            },
          },
          { headers: { 'Idempotency-Key': key } },
        ),
      ),
    {
      onSuccess: (created, body) => {
        onCreated({ name: created.tenant.name, slug: created.tenant.slug, email: created.owner.email, password: body.password });
        setV(empty);
        setSlugEdited(false);
        void qc.invalidateQueries({ queryKey: TENANTS_KEY });
        void qc.invalidateQueries({ queryKey: ['license'] });
      },
    },
  );
  const errors = pathErrors(create.error, LABELS);
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.submit(v);
  };
  return (
    <form className="quick-add" aria-labelledby="new-tenant-title" noValidate onSubmit={submit}>
      <h2 id="new-tenant-title">New organisation</h2>
      <fieldset>
        <Field label={LABELS.name} name="name" error={errors.byField.name}>
          <input
            value={v.name}
            onChange={(e) => {
              const name = e.target.value;
              setV((x) => ({ ...x, name, slug: slugEdited ? x.slug : slugFrom(name) }));
            }}
            required
            maxLength={120}
            autoComplete="off"
          />
        </Field>
        <Field
          label={LABELS.slug}
          name="slug"
          hint="Lower-case letters, digits and dashes; people type it when signing in. Made from the name until you edit it."
          error={errors.byField.slug}
        >
          <input
            value={v.slug}
            onChange={(e) => {
              setSlugEdited(e.target.value !== '');
              set('slug')(e);
            }}
            required
            autoComplete="off"
            spellCheck={false}
            pattern="[a-z0-9-]+"
          />
        </Field>
        <Field label={LABELS['owner.name']} name="owner.name" error={errors.byField['owner.name']}>
          <input value={v.ownerName} onChange={set('ownerName')} required maxLength={120} autoComplete="off" />
        </Field>
        <Field label={LABELS['owner.email']} name="owner.email" error={errors.byField['owner.email']}>
          <input type="email" value={v.ownerEmail} onChange={set('ownerEmail')} required autoComplete="off" />
        </Field>
        <Field
          label={LABELS['owner.password']}
          name="owner.password"
          hint="At least 10 characters, letters mixed with digits or symbols. Shown once after creation so you can hand it over."
          error={errors.byField['owner.password']}
        >
          <input value={v.password} onChange={set('password')} required autoComplete="off" spellCheck={false} className="mono" />
        </Field>
        <button type="button" onClick={() => setV((x) => ({ ...x, password: generatePassword() }))}>
          Generate a password
        </button>
      </fieldset>
      <ErrorBox error={create.error} others={errors.others} />
      <div className="actions">
        <SubmitButton pending={create.isPending}>Create organisation</SubmitButton>
      </div>
    </form>
  );
}

function Row({ t, onAction, busy }: { t: AdminTenant; onAction: (a: Action, t: AdminTenant) => void; busy: boolean }) {
  const { me } = useSession();
  const own = t.id === me.tenant.id;
  const button = (action: Action, label: string) => (
    <WriteButton
      className={action === 'delete' ? 'danger' : undefined}
      aria-label={`${label} ${t.name}`}
      disabled={busy}
      onClick={() => onAction(action, t)}
    >
      {label}
    </WriteButton>
  );
  return (
    <tr data-tenant-id={t.id}>
      <td data-label="Name">{t.name}</td>
      <td data-label="Slug">
        <code>{t.slug}</code>
      </td>
      <td data-label="Status">
        <span className={`status status-${t.status}`}>{t.status}</span>
      </td>
      <td data-label="Active people">{t.activeUsers}</td>
      <td data-label="Created">{shortDate(t.createdAt)}</td>
      <td>
        {own ? (
          <span className="muted">Your organisation: use another operator account to suspend it.</span>
        ) : (
          <div className="actions">
            {t.status === 'active' ? button('suspend', 'Suspend') : button('resume', 'Resume')}
            {button('delete', 'Delete')}
          </div>
        )}
      </td>
    </tr>
  );
}

/** Instance operators: every organisation on this server; create one with its owner, suspend, resume, delete. */
export default function OperatorTenants() {
  const { me } = useSession();
  const operator = isOperatorOf(me);
  const qc = useQueryClient();
  const confirm = useConfirm();
  const tenants = useQuery({ queryKey: TENANTS_KEY, queryFn: allTenants, enabled: operator });
  const [created, setCreated] = useState<Created | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: ({ action, t }: { action: Action; t: AdminTenant }) => act(action, t.id),
    onMutate: () => setDone(null),
    onSuccess: async (_saved, { action, t }) => {
      await qc.invalidateQueries({ queryKey: TENANTS_KEY });
      setDone(`${ASK[action].done} ${t.name}.`);
    },
  });
  if (!operator)
    return (
      <Screen title="Organisations on this server">
        <p className="error-box" role="alert">
          Only instance operators can manage the organisations on this server. Ask your operator if you need a new one.
        </p>
      </Screen>
    );
  const onAction = async (action: Action, t: AdminTenant) => {
    const ask = ASK[action];
    if (!(await confirm({ title: ask.title(t), body: ask.body, confirmLabel: ask.confirm, danger: action !== 'resume' }))) return;
    change.mutate({ action, t });
  };
  const rows = tenants.data ?? [];
  return (
    <Screen title="Organisations on this server" ready={!tenants.isPending}>
      <div className="operator-tenants">
        <p className="muted">
          You are an instance operator: this screen acts across every organisation on this server. Suspending or deleting keeps the data;
          only access changes.
        </p>
        <div aria-live="polite">{created ? <Credentials c={created} /> : null}</div>
        <div aria-live="polite">
          {done ? <Success>{done}</Success> : null}
          {change.error ? <ErrorBox error={change.error} /> : null}
        </div>
        <section className="card" aria-label="Organisations">
          {tenants.isPending ? <Loading /> : null}
          {tenants.isError ? <ErrorBox error={tenants.error} retry={() => void tenants.refetch()} /> : null}
          {tenants.data ? (
            <div className="table-wrap">
              <table className="records tenants">
                <caption>{count(rows.length, 'organisation')}</caption>
                <thead>
                  <tr>
                    {['Name', 'Slug', 'Status', 'Active people', 'Created'].map((c) => (
                      <th key={c} scope="col">
                        {c}
                      </th>
                    ))}
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((t) => (
                    <Row
                      key={t.id}
                      t={t}
                      busy={change.isPending && change.variables?.t.id === t.id}
                      onAction={(a, x) => void onAction(a, x)}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
        <CreateForm
          onCreated={(c) => {
            setCreated(c);
            setDone(null);
          }}
        />
      </div>
    </Screen>
  );
}
