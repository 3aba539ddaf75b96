import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { client, ok } from '../lib/api';
import { shortDate } from '../lib/format';
import { useConfirm } from './dialog';
import { ErrorBox, Loading } from './errors';
import { Field } from './field';
import { pathErrors } from './settings-kit';
import { SubmitButton, useCreate } from './submit';
import { useToast } from './toast';
import { ForWriters, WriteButton } from './write';

const KEYS_KEY = ['api-keys'] as const;
const SCOPES = ['read', 'write', 'admin'] as const;
type Scope = (typeof SCOPES)[number];
const SCOPE_WORDS: Record<Scope, string> = { read: 'like a viewer', write: 'like a member', admin: 'like an admin' };

type Key = Awaited<ReturnType<typeof listKeys>>[number];

async function listKeys() {
  return (await ok(client.api['api-keys'].$get({ query: { limit: '200' } }))).data;
}

function CreateKey({ onCreated }: { onCreated: (name: string, secret: string) => void }) {
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const scopesHint = useId();
  const create = useCreate(
    (body: { name: string; scopes: Scope[] }, key) =>
      ok(client.api['api-keys'].$post({ json: body }, { headers: { 'Idempotency-Key': key } })),
    {
      onSuccess: (created) => {
        onCreated(created.name, created.secret);
        setName('');
        setScopes(['read']);
        void qc.invalidateQueries({ queryKey: KEYS_KEY });
      },
    },
  );
  const errors = pathErrors(create.error, { name: 'Key name', scopes: 'Scopes' });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.submit({ name: name.trim(), scopes });
  };
  return (
    <form className="quick-add" aria-labelledby="new-key-title" noValidate onSubmit={submit}>
      <h3 id="new-key-title">Create an API key</h3>
      <Field label="Key name" name="name" hint="What uses it, e.g. Nightly sync." error={errors.byField.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} autoComplete="off" />
      </Field>
      <fieldset className="scopes" aria-describedby={scopesHint} data-field="scopes">
        <legend>Scopes</legend>
        {SCOPES.map((s) => (
          <label key={s} className="check">
            <input
              type="checkbox"
              checked={scopes.includes(s)}
              onChange={(e) => setScopes((list) => (e.target.checked ? [...list, s] : list.filter((x) => x !== s)))}
            />{' '}
            {s}
          </label>
        ))}
      </fieldset>
      <p className="hint" id={scopesHint}>
        {SCOPES.map((s) => `${s}: ${SCOPE_WORDS[s]}`).join('; ')}; never more than your own role.
      </p>
      {errors.byField.scopes ? <p className="field-error">{errors.byField.scopes}</p> : null}
      <ErrorBox error={create.error} others={errors.others} />
      <SubmitButton pending={create.isPending}>Create key</SubmitButton>
    </form>
  );
}

function RevokeButton({ k, onError }: { k: Key; onError: (e: unknown) => void }) {
  const qc = useQueryClient();
  const confirm = useConfirm();
  const toast = useToast();
  const revoke = useMutation({
    mutationFn: () => ok(client.api['api-keys'][':id'].$delete({ param: { id: k.id } })),
    onMutate: () => onError(null),
    onSuccess: () => {
      qc.setQueryData<Key[]>(KEYS_KEY, (list) => list?.filter((x) => x.id !== k.id));
      void qc.invalidateQueries({ queryKey: KEYS_KEY });
      toast(`Revoked the key “${k.name}”.`);
    },
    onError,
  });
  const run = async () => {
    const yes = await confirm({
      title: `Revoke ${k.name}?`,
      body: 'Whatever uses this key is refused from its next request. A revoked key cannot be turned back on; create a new one instead.',
      confirmLabel: 'Revoke',
      danger: true,
    });
    if (yes) revoke.mutate();
  };
  return (
    <WriteButton className="danger" disabled={revoke.isPending} onClick={() => void run()}>
      Revoke {k.name}
    </WriteButton>
  );
}

/** API keys: the secret is shown once, right after creation; the list shows each key's public prefix. */
export function ApiKeysSection() {
  const keys = useQuery({ queryKey: KEYS_KEY, queryFn: listKeys });
  const [fresh, setFresh] = useState<{ name: string; secret: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card" aria-labelledby="keys-title">
      <h2 id="keys-title">API keys</h2>
      <div aria-live="polite">
        {fresh ? (
          <div className="banner banner-warn fresh-key">
            <p>The key “{fresh.name}”: copy it now, it is not shown again.</p>
            <pre className="command">
              <code>{fresh.secret}</code>
            </pre>
            <button type="button" onClick={() => setFresh(null)}>
              I have copied it
            </button>
          </div>
        ) : null}
      </div>
      {keys.isPending ? <Loading /> : null}
      {keys.isError ? <ErrorBox error={keys.error} retry={() => void keys.refetch()} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {keys.data && keys.data.length === 0 ? <p className="empty">No API keys yet.</p> : null}
      {keys.data && keys.data.length > 0 ? (
        <div className="table-wrap">
          <table className="records keys">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {keys.data.map((k) => (
                <tr key={k.id} data-key-id={k.id}>
                  <td data-label="Name">{k.name}</td>
                  <td data-label="Key">
                    {/* The prefix already starts with tcrm_: the key reads tcrm_<prefix>_<secret>. */}
                    <code className="key-prefix">{`${k.prefix}_…`}</code>
                  </td>
                  <td data-label="Scopes">{k.scopes.join(', ')}</td>
                  <td data-label="Last used">{k.lastUsedAt ? shortDate(k.lastUsedAt) : 'never'}</td>
                  <td>{k.revokedAt ? 'revoked' : <RevokeButton k={k} onError={setError} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ForWriters>
        <CreateKey onCreated={(name, secret) => setFresh({ name, secret })} />
      </ForWriters>
    </section>
  );
}
