import { client, ok } from '../api';
import { session } from '../session';
import type { Company } from '../types';

export interface Owner {
  id: string;
  name: string;
}

/** People a record can belong to: everyone in the organisation, by name (/api/people, any role). */
export async function loadOwners(): Promise<Owner[]> {
  const me = session.me?.user;
  const page = await ok(client.api.people.$get({ query: { limit: '200', sort: 'name' } })).catch(() => null);
  if (!page) return me ? [{ id: me.id, name: `${me.name} (you)` }] : [];
  return page.data.map((p) => ({ id: p.id, name: p.id === me?.id ? `${p.name} (you)` : p.active ? p.name : `${p.name} (deactivated)` }));
}

export function ownerName(owners: Owner[], id: string | null | undefined): string {
  if (!id) return '—';
  return owners.find((o) => o.id === id)?.name ?? 'Someone else';
}

/** Companies for pickers and filters; the first 200 by name (a picker longer than that needs search). */
export async function loadCompanies(): Promise<Company[]> {
  return (await ok(client.api.companies.$get({ query: { limit: '200', sort: 'name' } }))).data as unknown as Company[];
}
