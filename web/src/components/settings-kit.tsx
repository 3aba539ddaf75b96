import { useQueryClient } from '@tanstack/react-query';
import { Fragment, type ReactNode } from 'react';
import { ApiError } from '../lib/api';
import { SESSION_KEY, type SessionState } from '../lib/session';
import type { Me } from '../lib/types';
import { fieldSentence } from '../lib/words';

/*
 * Small pieces the settings, operator and trash screens share: field errors by their whole
 * path (settings.timezone, owner.password), the success line, a generated password, and the
 * session's copy of me kept in step with a change made here.
 */

/** Field errors by their full path ("settings.timezone"), as sentences; errors for fields the form does not show go to `others`. */
export function pathErrors(e: unknown, labels: Record<string, string>): { byField: Record<string, string>; others: string[] } {
  const byField: Record<string, string> = {};
  const others: string[] = [];
  if (!(e instanceof ApiError)) return { byField, others };
  for (const f of e.fields) {
    const label = labels[f.path];
    if (label && !byField[f.path]) byField[f.path] = fieldSentence(label, f.message);
    else others.push(label ? fieldSentence(label, f.message) : f.message);
  }
  return { byField, others };
}

/** A form's outcome line: the success sentence, in a polite live region. */
export function Success({ children }: { children: ReactNode }) {
  return (
    <p className="success" role="status">
      {children}
    </p>
  );
}

/** A strong initial password, made in the browser (crypto), for the person who hands it over. */
export function generatePassword(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const pick = (n: number) => Array.from(crypto.getRandomValues(new Uint32Array(n)), (x) => alphabet[x % alphabet.length]).join('');
  // Groups joined by dashes: easy to read out, and always letters mixed with symbols.
  return `${pick(5)}-${pick(5)}-${pick(5)}`;
}

/** Updates the signed-in session's `me` in the cache (the header's who line reads it). */
export function useUpdateMe() {
  const qc = useQueryClient();
  return (update: (me: Me) => Me) =>
    qc.setQueryData<SessionState>(SESSION_KEY, (s) => (s?.state === 'signed-in' ? { ...s, me: update(s.me) } : s));
}

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const satisfies readonly Me['role'][];
export type Role = (typeof ROLES)[number];
type Exhaustive<T extends never> = T;
export type _RolesComplete = Exhaustive<Exclude<Me['role'], Role>>;

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };
/** As the server decides (users.service assertMayManage): nobody acts on a higher role, or grants one. */
export const outranks = (a: Role, b: Role) => RANK[a] > RANK[b];
export const isAdmin = (role: Role) => RANK[role] >= RANK.admin;

export const ROLE_WORDS: Record<Role, string> = {
  owner: 'Everything, including other owners and deleting records for good.',
  admin: 'Everything but owners: people, API keys, pipelines and the organisation’s settings.',
  member: 'Works with the records: creates, edits and deletes them.',
  viewer: 'Reads, searches and exports; changes nothing.',
};

/**
 * Sign-in details shown once, right after they were made (a person added, an organisation
 * created): the password is never shown again, so the notice says so.
 */
export function CredentialsNotice({
  made,
  who,
  fields,
  hint,
}: {
  made: ReactNode;
  who: string;
  fields: [label: string, value: string, secret?: boolean][];
  hint: ReactNode;
}) {
  return (
    <div className="banner banner-warn credentials" role="status">
      <p>
        <strong>{made} </strong>Give {who} these sign-in details now: the password is not shown again.
      </p>
      <dl className="fields">
        {fields.map(([label, value, secret]) => (
          <Fragment key={label}>
            <dt>{label}</dt>
            <dd>
              <code className={secret ? 'secret' : undefined}>{value}</code>
            </dd>
          </Fragment>
        ))}
      </dl>
      <p className="hint">{hint}</p>
    </div>
  );
}
