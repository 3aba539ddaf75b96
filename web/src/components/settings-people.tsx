import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { client, ok } from '../lib/api';
import { shortDate } from '../lib/format';
import { useSession, useWriteAccess } from '../lib/session';
import { useConfirm } from './dialog';
import { ErrorBox, Loading } from './errors';
import { Field } from './field';
import { useLicense } from './settings-license';
import { CredentialsNotice, generatePassword, outranks, pathErrors, ROLE_WORDS, ROLES, type Role } from './settings-kit';
import { SubmitButton, useCreate } from './submit';
import { useToast } from './toast';
import { ForWriters, WriteButton } from './write';

type User = Awaited<ReturnType<typeof listUsers>>[number];

const USERS_KEY = ['users'] as const;

async function listUsers() {
  // At most the licensed seats plus the deactivated: one page holds them in practice.
  return (await ok(client.api.users.$get({ query: { limit: '200', sort: 'name' } }))).data;
}

const article = (role: Role) => (role === 'owner' || role === 'admin' ? 'an' : 'a');

function RoleControl({ u, onError }: { u: User; onError: (e: unknown) => void }) {
  const { me } = useSession();
  const access = useWriteAccess();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const toast = useToast();
  const change = useMutation({
    mutationFn: (role: Role) => ok(client.api.users[':id'].$patch({ param: { id: u.id }, json: { role } })),
    onSuccess: (saved) => {
      qc.setQueryData<User[]>(USERS_KEY, (list) => list?.map((x) => (x.id === saved.id ? saved : x)));
      toast(`${saved.name} is now ${article(saved.role)} ${saved.role}.`);
    },
    onMutate: () => onError(null),
    onError,
  });
  const mine = u.id === me.user?.id;
  // As the server decides: nobody changes someone above them, or grants a role above their own.
  if (!access.visible || mine || outranks(u.role, me.role)) return <>{u.role}</>;
  const offered = ROLES.filter((r) => !outranks(r, me.role));
  const pick = async (role: Role) => {
    if (role === u.role) return;
    const yes = await confirm({
      title: `Make ${u.name} ${article(role)} ${role}?`,
      body: `${u.name} is ${article(u.role)} ${u.role} now. As ${article(role)} ${role}: ${ROLE_WORDS[role]} It applies from their next request.`,
      confirmLabel: `Make ${role}`,
      danger: role === 'owner' || outranks(u.role, role),
    });
    if (yes) change.mutate(role);
  };
  return (
    <select
      aria-label={`Role of ${u.name}`}
      value={change.isPending ? change.variables : u.role}
      disabled={Boolean(access.disabledReason) || change.isPending || !u.active}
      title={access.disabledReason ?? (u.active ? undefined : 'Reactivate them to change their role.')}
      onChange={(e) => void pick(e.target.value as Role)}
    >
      {offered.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function StatusControl({ u, onError }: { u: User; onError: (e: unknown) => void }) {
  const { me } = useSession();
  const confirm = useConfirm();
  const qc = useQueryClient();
  const toast = useToast();
  const toggle = useMutation({
    mutationFn: () =>
      u.active
        ? ok(client.api.users[':id'].deactivate.$post({ param: { id: u.id } }))
        : ok(client.api.users[':id'].reactivate.$post({ param: { id: u.id } })),
    onSuccess: (saved) => {
      qc.setQueryData<User[]>(USERS_KEY, (list) => list?.map((x) => (x.id === saved.id ? saved : x)));
      void qc.invalidateQueries({ queryKey: ['license'] });
      void qc.invalidateQueries({ queryKey: ['people'] });
      toast(saved.active ? `Reactivated ${saved.name}.` : `Deactivated ${saved.name}. Their seat is free.`);
    },
    onMutate: () => onError(null),
    onError,
  });
  if (u.id === me.user?.id || outranks(u.role, me.role)) return null;
  const run = async () => {
    if (u.active) {
      const yes = await confirm({
        title: `Deactivate ${u.name}?`,
        body: 'They are signed out at once and can no longer sign in; the records they own stay theirs. Their seat is freed, and you can reactivate them later.',
        confirmLabel: 'Deactivate',
        danger: true,
      });
      if (!yes) return;
    }
    toggle.mutate();
  };
  return (
    <WriteButton className={u.active ? 'danger' : undefined} disabled={toggle.isPending} onClick={() => void run()}>
      {u.active ? `Deactivate ${u.name}` : `Reactivate ${u.name}`}
    </WriteButton>
  );
}

function AddPerson() {
  const qc = useQueryClient();
  const empty = { email: '', name: '', role: 'member' as Role, password: '' };
  const [v, setV] = useState(empty);
  const [shown, setShown] = useState<{ name: string; email: string; password: string } | null>(null);
  const { me } = useSession();
  const add = useCreate(
    (body: typeof empty, key) =>
      ok(
        client.api.users.$post({ header: { 'idempotency-key': key }, json: { ...body, email: body.email.trim(), name: body.name.trim() } }),
      ),
    {
      onSuccess: (user, body) => {
        setShown({ name: user.name, email: user.email, password: body.password });
        setV(empty);
        void qc.invalidateQueries({ queryKey: USERS_KEY });
        void qc.invalidateQueries({ queryKey: ['license'] });
        void qc.invalidateQueries({ queryKey: ['people'] });
      },
    },
  );
  const errors = pathErrors(add.error, { email: 'Email', name: 'Name', role: 'Role', password: 'Initial password' });
  const set = (k: keyof typeof empty) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setShown(null);
    add.submit(v);
  };
  return (
    <>
      {shown ? (
        <CredentialsNotice
          made={`Added ${shown.name}.`}
          who="them"
          fields={[
            ['Email', shown.email],
            ['Password', shown.password, true],
          ]}
          hint={`They sign in at ${location.origin}/login and can change the password in their settings.`}
        />
      ) : null}
      <form className="quick-add add-person" aria-label="Add a person" noValidate onSubmit={submit}>
        <fieldset className="form-grid">
          <legend>Add a person</legend>
          <Field label="Email" name="email" error={errors.byField.email}>
            <input type="email" value={v.email} onChange={set('email')} required autoComplete="off" />
          </Field>
          <Field label="Name" name="name" error={errors.byField.name}>
            <input value={v.name} onChange={set('name')} required maxLength={120} autoComplete="off" />
          </Field>
          <Field label="Role" name="role" hint={ROLE_WORDS[v.role]} error={errors.byField.role}>
            <select value={v.role} onChange={set('role')}>
              {ROLES.filter((r) => !outranks(r, me.role)).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </select>
          </Field>
          <Field
            label="Initial password"
            name="password"
            hint="At least 10 characters, letters with digits or symbols. Shown once after adding, to hand over."
            error={errors.byField.password}
          >
            <input value={v.password} onChange={set('password')} required autoComplete="off" spellCheck={false} className="mono" />
          </Field>
          <div className="field generate">
            <button type="button" onClick={() => setV((x) => ({ ...x, password: generatePassword() }))}>
              Generate a password
            </button>
          </div>
        </fieldset>
        <ErrorBox error={add.error} others={errors.others} />
        <SubmitButton pending={add.isPending}>Add person</SubmitButton>
      </form>
    </>
  );
}

/** People in this organisation, with seats used and licensed; owners and admins add, change roles and deactivate. */
export function PeopleSection() {
  const users = useQuery({ queryKey: USERS_KEY, queryFn: listUsers });
  const seats = useLicense().data?.seats;
  const [error, setError] = useState<unknown>(null);
  return (
    <section className="card" aria-labelledby="people-title">
      <h2 id="people-title">People</h2>
      {seats ? <p>{`Seats: ${seats.used} used of ${seats.licensed} licensed.`}</p> : null}
      {users.isPending ? <Loading /> : null}
      {users.isError ? <ErrorBox error={users.error} retry={() => void users.refetch()} /> : null}
      {error ? <ErrorBox error={error} /> : null}
      {users.data ? (
        <div className="table-wrap">
          <table className="records people">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => (
                <tr key={u.id} data-user-id={u.id}>
                  <td data-label="Name">{u.name}</td>
                  <td data-label="Email">{u.email}</td>
                  <td data-label="Role">
                    <RoleControl u={u} onError={setError} />
                  </td>
                  <td data-label="Status">{u.active ? 'active' : 'deactivated'}</td>
                  <td data-label="Last sign-in">{u.lastLoginAt ? shortDate(u.lastLoginAt) : 'never'}</td>
                  <td>
                    <StatusControl u={u} onError={setError} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <ForWriters>
        <AddPerson />
      </ForWriters>
    </section>
  );
}
