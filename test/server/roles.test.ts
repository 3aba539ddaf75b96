import { beforeAll, describe, expect, it } from 'vitest';
import { SELF_SERVICE_PATHS } from '../../server/modules/auth/auth.routes';
import { addMember, bearer, createTenant, json, type TenantFixture } from '../helpers/fixtures';
import { apiRoutes, bodySchema, fillPath, isWrite, openApiDoc, sampleFor, type ApiRoute, type OpenApiDoc } from '../helpers/routes';
import { snapshot } from '../helpers/db-snapshot';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;
let acme: TenantFixture;
let doc: OpenApiDoc;
let someUserId: string;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme', { operator: true });
  doc = await openApiDoc(t);
  someUserId = (await addMember(t, acme, 'member')).id;
});

async function call(route: ApiRoute, token: string): Promise<Response> {
  const url = fillPath(route.path, someUserId);
  const schema = bodySchema(doc, route);
  return t.app.request(url, schema ? json(route.method, sampleFor(doc, schema, someUserId), token) : bearer(token, route.method));
}

/** Routes only admins and owners may use: people, API keys, organisation settings. */
const adminOnly = (r: ApiRoute) =>
  r.path.startsWith('/api/users') || r.path.startsWith('/api/api-keys') || (r.path === '/api/tenant' && r.method === 'PATCH');

describe('roles', () => {
  it('a viewer can write nothing but their own session and profile, and every refusal changes nothing', async () => {
    const viewer = await addMember(t, acme, 'viewer');
    const writes = apiRoutes(t).filter((r) => isWrite(r) && !SELF_SERVICE_PATHS.has(r.path));
    expect(writes.length).toBeGreaterThanOrEqual(8);
    const before = await snapshot(t.raw);
    const wrong: string[] = [];
    for (const route of writes) {
      const res = await call(route, viewer.token);
      if (res.status !== 403) wrong.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
    expect(await snapshot(t.raw)).toEqual(before);
    expect((await t.app.request('/api/tenant', bearer(viewer.token))).status).toBe(200);
  });

  it('a member cannot manage people, API keys or organisation settings', async () => {
    const member = await addMember(t, acme, 'member');
    const routes = apiRoutes(t).filter(adminOnly);
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const wrong: string[] = [];
    for (const route of routes) {
      const res = await call(route, member.token);
      if (res.status !== 403) wrong.push(`${route.method} ${route.path} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });

  it('only operators reach /api/admin/*: owners of other tenants and API keys are refused', async () => {
    const plainOwner = await createTenant(t, 'plain');
    const key = await t.app.request('/api/api-keys', json('POST', { name: 'ops', scopes: ['admin'] }, acme.owner.token));
    const { secret } = (await key.json()) as { secret: string };
    const adminRoutes = apiRoutes(t).filter((r) => r.path.startsWith('/api/admin/'));
    expect(adminRoutes.length).toBeGreaterThanOrEqual(5);
    for (const token of [plainOwner.owner.token, secret]) {
      for (const route of adminRoutes) expect((await call(route, token)).status, `${route.method} ${route.path}`).toBe(403);
    }
    const list = await t.app.request('/api/admin/tenants?limit=100', bearer(acme.owner.token));
    expect(list.status).toBe(200);
    // acme: its owner and the member added above (plus any added since); plain: its owner alone.
    const rows = ((await list.json()) as { data: { id: string; activeUsers: number }[] }).data;
    expect(rows.find((r) => r.id === plainOwner.tenantId)?.activeUsers).toBe(1);
    expect(rows.find((r) => r.id === acme.tenantId)?.activeUsers).toBeGreaterThanOrEqual(2);
  });

  it('everyone sees who is who (/api/people: ids, names, active), but only admins see emails and roles', async () => {
    const viewer = await addMember(t, acme, 'viewer');
    const res = await t.app.request('/api/people?limit=200', bearer(viewer.token));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { data: Record<string, unknown>[]; total: number };
    expect(body.data.map((p) => p.id)).toEqual(expect.arrayContaining([acme.owner.id, someUserId, viewer.id]));
    for (const person of body.data) expect(Object.keys(person).sort()).toEqual(['active', 'id', 'name']);
    expect(JSON.stringify(body)).not.toContain('@');
    expect((await t.app.request('/api/users', bearer(viewer.token))).status).toBe(403);
  });

  it('an admin cannot create or promote owners, or touch an owner', async () => {
    const admin = await addMember(t, acme, 'admin');
    const create = await t.app.request(
      '/api/users',
      json('POST', { email: 'new-owner@example.com', name: 'X', password: 'Good-password-77', role: 'owner' }, admin.token),
    );
    expect(create.status).toBe(403);
    const promote = await t.app.request(`/api/users/${someUserId}`, json('PATCH', { role: 'owner' }, admin.token));
    expect(promote.status).toBe(403);
    const touchOwner = await t.app.request(`/api/users/${acme.owner.id}/deactivate`, bearer(admin.token, 'POST'));
    expect(touchOwner.status).toBe(403);
  });

  it('the last active owner cannot be demoted or deactivated; with a second owner it can', async () => {
    const solo = await createTenant(t, 'solo');
    const demote = await t.app.request(`/api/users/${solo.owner.id}`, json('PATCH', { role: 'admin' }, solo.owner.token));
    expect(demote.status).toBe(409);
    expect(((await demote.json()) as { error: { code: string } }).error.code).toBe('LAST_OWNER');

    const second = await t.app.request(
      '/api/users',
      json('POST', { email: 'second-owner@example.com', name: 'Second', password: 'Good-password-77', role: 'owner' }, solo.owner.token),
    );
    expect(second.status).toBe(201);
    const demoteNow = await t.app.request(`/api/users/${solo.owner.id}`, json('PATCH', { role: 'admin' }, solo.owner.token));
    expect(demoteNow.status).toBe(200);
    expect(((await demoteNow.json()) as { role: string }).role).toBe('admin');
  });

  it('reactivating a user restores access; every change is in the audit log', async () => {
    const member = await addMember(t, acme, 'member');
    await t.app.request(`/api/users/${member.id}/deactivate`, bearer(acme.owner.token, 'POST'));
    const back = await t.app.request(`/api/users/${member.id}/reactivate`, bearer(acme.owner.token, 'POST'));
    expect(((await back.json()) as { active: boolean }).active).toBe(true);
    // Audit ids are ULIDs, strictly increasing in the order the entries were written.
    const actions = await t.raw.all<{ action: string; actor_id: string }>(
      "SELECT action, actor_id FROM audit_log WHERE tenant_id = ? AND entity = 'users' AND entity_id = ? ORDER BY id",
      acme.tenantId,
      member.id,
    );
    expect(actions.map((a) => a.action)).toEqual(['create', 'login', 'deactivate', 'reactivate']);
    expect(actions.slice(2).every((a) => a.actor_id === acme.owner.id)).toBe(true);
  });
});
