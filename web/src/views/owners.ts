import { client, ok } from '../api';
import { session } from '../session';
import type { Company } from '../types';

export interface Owner {
  id: string;
  name: string;
}

/**
 * People a record can belong to. The user directory (/api/users) is for admins
 * only, so members and viewers get themselves; other owners show as "Someone else".
 */
export async function loadOwners(): Promise<Owner[]> {
  const me = session.me?.user;
  const role = session.me?.role;
  if (role === 'admin' || role === 'owner') {
    const page = await ok(client.api.users.$get({ query: { limit: '200', sort: 'name', active: 'true' } })).catch(() => null);
    if (page) return page.data.map((u) => ({ id: u.id, name: u.id === me?.id ? `${u.name} (you)` : u.name }));
  }
  return me ? [{ id: me.id, name: `${me.name} (you)` }] : [];
}

export function ownerName(owners: Owner[], id: string | null | undefined): string {
  if (!id) return '—';
  return owners.find((o) => o.id === id)?.name ?? 'Someone else';
}

/** Companies for pickers and filters; the first 200 by name (a picker longer than that needs search). */
export async function loadCompanies(): Promise<Company[]> {
  return (await ok(client.api.companies.$get({ query: { limit: '200', sort: 'name' } }))).data as unknown as Company[];
}
