import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { users } from '../../server/db/schema';
import type { Role } from '../../server/lib/roles';
import { TenantScope } from '../../server/data/tenant-scope';
import { provisionTenant } from '../../server/modules/admin-tenants/tenant-provisioning';
import { addUser } from '../../server/modules/users/users.service';
import type { AppDeps } from '../../server/lib/context';
import type { TestApp } from './test-app';

export const PASSWORD = 'Correct-Horse-42';

export interface TenantFixture {
  tenantId: string;
  slug: string;
  name: string;
  owner: { id: string; email: string; token: string };
}

/** A tenant with its owner, signed in. Names carry a random tag so one tenant's values never appear in another's by chance. */
export async function createTenant(t: TestApp, label: string, options: { operator?: boolean } = {}): Promise<TenantFixture> {
  const tag = randomBytes(4).toString('hex');
  const slug = `${label}-${tag}`;
  const email = `owner-${tag}@${label}.example.com`;
  const { tenant, owner } = await provisionTenant(
    t.deps,
    {
      slug,
      name: `${label} Corp ${tag}`,
      owner: { email, name: `Owner ${tag}`, password: PASSWORD, isOperator: options.operator ?? false },
    },
    { type: 'system', id: null },
  );
  const token = await login(t, email, PASSWORD);
  return { tenantId: tenant.id, slug, name: tenant.name, owner: { id: owner.id, email, token } };
}

export async function addMember(t: TestApp, tenant: TenantFixture, role: Role): Promise<{ id: string; email: string; token: string }> {
  const tag = randomBytes(4).toString('hex');
  const email = `${role}-${tag}@example.com`;
  const scope = systemScope(t.deps, tenant.tenantId);
  const user = await addUser(t.deps, scope, { email, name: `${role} ${tag}`, password: PASSWORD, role });
  return { id: user.id, email, token: await login(t, email, PASSWORD) };
}

export function systemScope(deps: AppDeps, tenantId: string): TenantScope {
  return new TenantScope(deps.data, tenantId, { type: 'system', id: null, role: 'owner' }, 'test', deps.clock);
}

export async function login(t: TestApp, email: string, password: string, tenant?: string): Promise<string> {
  const res = await t.app.request('/api/auth/login', json('POST', { email, password, ...(tenant ? { tenant } : {}) }));
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

export function json(method: string, body: unknown, token?: string): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  };
}

export function bearer(token: string, method = 'GET'): RequestInit {
  return { method, headers: { authorization: `Bearer ${token}` } };
}

export async function userRow(deps: AppDeps, tenantId: string, id: string) {
  return (
    (await systemScope(deps, tenantId).find(users, id)) ??
    (await deps.data.db('instance').select().from(users).where(eq(users.id, id)).get())
  );
}
