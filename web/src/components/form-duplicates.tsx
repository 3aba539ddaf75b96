import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { client, ok } from '../lib/api';

/*
 * "Possible duplicate": live records with the same email or name (contacts) or name or domain
 * (companies), asked of the server when the user leaves one of those fields, so the notice is
 * there before the record is created. The user may go on regardless.
 */

export type DuplicateType = 'contacts' | 'companies';

interface Duplicate {
  id: string;
  name: string;
  email?: string | null;
  domain?: string | null;
  matchedOn: 'email' | 'name' | 'domain';
}

/** The fields whose value is looked up, per type. */
export const DUPLICATE_FIELDS: Record<DuplicateType, string[]> = {
  contacts: ['email', 'firstName', 'lastName'],
  companies: ['name', 'domain'],
};

/** The duplicates query's parameters from the form's values; null when there is nothing to look for. */
export function duplicateQuery(type: DuplicateType, values: Record<string, string>): Record<string, string> | null {
  const v = (k: string) => (values[k] ?? '').trim();
  const q: Record<string, string> =
    type === 'contacts'
      ? {
          ...(v('email') ? { email: v('email') } : {}),
          ...(v('firstName') && v('lastName') ? { name: `${v('firstName')} ${v('lastName')}` } : {}),
        }
      : { ...(v('name') ? { name: v('name') } : {}), ...(v('domain') ? { domain: v('domain') } : {}) };
  return Object.keys(q).length ? q : null;
}

async function findDuplicates(type: DuplicateType, query: Record<string, string>): Promise<Duplicate[]> {
  const page =
    type === 'contacts'
      ? await ok(client.api.contacts.duplicates.$get({ query }))
      : await ok(client.api.companies.duplicates.$get({ query }));
  return page.data;
}

const MATCHED: Record<Duplicate['matchedOn'], string> = { email: 'same email', name: 'same name', domain: 'same domain' };

export function DuplicateNotice({
  type,
  query,
  excludeId,
  creating,
}: {
  type: DuplicateType;
  /** What was last looked up (set when the user leaves a field), or null. */
  query: Record<string, string> | null;
  excludeId: string | null;
  creating: boolean;
}) {
  const params = query ? { ...query, ...(excludeId ? { excludeId } : {}) } : null;
  const found = useQuery({
    queryKey: ['duplicates', type, params],
    queryFn: () => findDuplicates(type, params!),
    enabled: params !== null,
    staleTime: 30_000,
    retry: false,
  });
  const list = params ? (found.data ?? []).filter((d) => d.id !== excludeId) : [];
  const noun = type === 'contacts' ? 'contact' : 'company';
  return (
    // Always on the page, so screen readers announce what appears in it.
    <div className="duplicate-slot" role="status">
      {list.length > 0 ? (
        <section className="notice duplicate-notice" aria-labelledby="duplicate-heading">
          <h2 id="duplicate-heading">Possible duplicate</h2>
          <p>{list.length === 1 ? `A ${noun} like this one already exists:` : `${list.length} ${type} like this one already exist:`}</p>
          <ul>
            {list.map((d) => (
              <li key={d.id}>
                <Link to={`/${type}/${d.id}`}>{d.name}</Link>{' '}
                <span className="muted">
                  ({MATCHED[d.matchedOn]}
                  {d.email || d.domain ? `: ${d.email ?? d.domain}` : ''})
                </span>
              </li>
            ))}
          </ul>
          <p className="hint">{creating ? `You can still create this ${noun}.` : 'You can still save.'}</p>
        </section>
      ) : null}
    </div>
  );
}
