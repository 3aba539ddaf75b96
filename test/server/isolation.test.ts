import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { addMember, bearer, createTenant, json, type TenantFixture } from '../helpers/fixtures';
import {
  apiRoutes,
  bodySchema,
  fillPath,
  hasParams,
  openApiDoc,
  requiredIdQuery,
  sampleFor,
  toOpenApiPath,
  type OpenApiDoc,
} from '../helpers/routes';
import { distinctiveValues, tenantChecksum, tenantIds } from '../helpers/tenant-data';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { idResolver, populateRecords } from '../helpers/populate';

/**
 * The tenancy invariant, walked over every route the app registers: with
 * tenant A's credentials and tenant B's ids, nothing of B can be read,
 * changed, counted or detected.
 */
let t: TestApp;
let a: TenantFixture;
let b: TenantFixture;
let aApiKey: string;
let doc: OpenApiDoc;

/** Gives a tenant one of everything the API can create, so B has ids of every kind to aim at. */
async function populate(tenant: TenantFixture): Promise<string> {
  await addMember(t, tenant, 'member');
  await addMember(t, tenant, 'viewer');
  const res = await t.app.request(
    '/api/api-keys',
    json('POST', { name: `key of ${tenant.slug}`, scopes: ['read', 'write', 'admin'] }, tenant.owner.token),
  );
  expect(res.status).toBe(201);
  const revoked = await t.app.request(
    '/api/api-keys',
    json('POST', { name: `old key of ${tenant.slug}`, scopes: ['read'] }, tenant.owner.token),
  );
  const revokedId = ((await revoked.json()) as { id: string }).id;
  expect((await t.app.request(`/api/api-keys/${revokedId}`, bearer(tenant.owner.token, 'DELETE'))).status).toBe(204);
  return ((await res.json()) as { secret: string }).secret;
}

beforeAll(async () => {
  t = await createTestApp();
  a = await createTenant(t, 'alpha');
  b = await createTenant(t, 'bravo');
  aApiKey = await populate(a);
  await populate(b);
  doc = await openApiDoc(t);
  await populateRecords(t, doc, a);
  await populateRecords(t, doc, b);
});

describe('tenant isolation on every route', () => {
  it('finds the routes to walk from the app, and every one is in the OpenAPI document', () => {
    const routes = apiRoutes(t);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    // Routes that name a record in the query string are found too (the walk aims them at B's ids).
    expect(routes.filter((r) => requiredIdQuery(doc, r).length > 0).map((r) => r.path)).toContain('/api/deals/board');
    for (const route of routes) {
      expect(
        doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()],
        `${route.method} ${route.path} is undocumented`,
      ).toBeDefined();
    }
  });

  for (const credential of ['owner token', 'admin API key'] as const) {
    it(`with A's ${credential} and B's ids: 404 or 403 everywhere, and no B value in any answer`, async () => {
      const token = credential === 'owner token' ? a.owner.token : aApiKey;
      const before = await tenantChecksum(t.raw, b.tenantId);
      const bIds = await tenantIds(t.raw, b.tenantId);
      const bValues = await distinctiveValues(t.raw, b.tenantId, a.tenantId);
      expect(bIds.length).toBeGreaterThanOrEqual(6);
      for (const prefix of ['usr', 'key', 'com', 'con', 'led', 'pip', 'stg', 'dea', 'act', 'tsk']) {
        expect(
          bIds.some((id) => id.startsWith(`${prefix}_`)),
          `B has no ${prefix}_ record to aim at`,
        ).toBe(true);
      }
      expect(bValues.length).toBeGreaterThan(bIds.length);
      // B's ids to put in bodies, read once: B is never changed (checked at the end), so they hold for every request.
      const bIdFor = await idResolver(t, b.tenantId);
      const failures: string[] = [];
      let calls = 0;

      // Signing out would end the very session the walk uses; it touches only the caller's own session anyway.
      for (const route of apiRoutes(t).filter((r) => r.path !== '/api/auth/logout')) {
        // A route that takes ids in its query string (the deal board's pipelineId) is aimed at B's ids of that kind.
        const idQuery = requiredIdQuery(doc, route);
        const namesRecord = hasParams(route) || idQuery.length > 0;
        const targets = hasParams(route)
          ? bIds
          : idQuery.length > 0
            ? bIds.filter((id) => idQuery.every((q) => !q.prefix || id.startsWith(`${q.prefix}_`)))
            : [bIds[0]!];
        if (idQuery.length > 0 && targets.length === 0) failures.push(`${route.method} ${route.path}: B has no id to aim at`);
        for (const bId of targets) {
          const path = hasParams(route) ? fillPath(route.path, bId) : route.path;
          const url = idQuery.length > 0 ? `${path}?${idQuery.map((q) => `${q.name}=${encodeURIComponent(bId)}`).join('&')}` : path;
          const schema = bodySchema(doc, route);
          // Every id in the body is one of B's too: references across tenants must be refused.
          const init: RequestInit = schema ? json(route.method, sampleFor(doc, schema, bIdFor), token) : bearer(token, route.method);
          const res = await t.app.request(url, init);
          calls += 1;
          const text = await res.text();
          const leaked = bValues.filter((v) => text.includes(v));
          if (leaked.length > 0) failures.push(`${route.method} ${url} → ${res.status} leaked ${leaked.slice(0, 3).join(', ')}`);
          if (namesRecord && ![403, 404].includes(res.status)) failures.push(`${route.method} ${url} → ${res.status}, expected 404 or 403`);
          if (res.status >= 400) {
            const body = JSON.parse(text) as { error?: { code?: string; requestId?: string } };
            if (!body.error?.code || !body.error.requestId) failures.push(`${route.method} ${url} → ${res.status} without the error shape`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(50);
      expect(await tenantChecksum(t.raw, b.tenantId)).toBe(before);
      // Hundreds of requests: about 9 s alone, several times that beside the spawned-process suites.
    }, 120_000);
  }

  it("lists and counts only the caller's rows", async () => {
    const res = await t.app.request('/api/users?limit=200', bearer(a.owner.token));
    const page = (await res.json()) as { data: { id: string }[]; total: number };
    const aUsers = await t.raw.get<{ n: number }>('SELECT count(*) AS n FROM users WHERE tenant_id = ?', a.tenantId);
    expect(page.total).toBe(aUsers?.n);
    const bIds = await tenantIds(t.raw, b.tenantId);
    expect(page.data.map((u) => u.id).every((id) => !bIds.includes(id))).toBe(true);
  });

  it('an id that exists in B answers exactly like an id that exists nowhere', async () => {
    const bUser = (await tenantIds(t.raw, b.tenantId)).find((id) => id.startsWith('usr_'))!;
    const real = await t.app.request(`/api/users/${bUser}`, bearer(a.owner.token));
    const ghost = await t.app.request(`/api/users/usr_01JD0000000000000000000000`, bearer(a.owner.token));
    expect(real.status).toBe(404);
    expect(ghost.status).toBe(404);
    type Err = { error: { requestId?: string } };
    const strip = (body: Err) => ({ ...body.error, requestId: undefined });
    expect(strip((await real.json()) as Err)).toEqual(strip((await ghost.json()) as Err));
  });
});

describe('the second line of defence: a query written without its tenant filter', () => {
  /*
   * Deliberately wrong: every contact and every user, no tenant condition, run in tenant A's
   * unit of work through the application's own connection (an ordinary role on PostgreSQL).
   * On PostgreSQL row-level security leaves only A's rows. SQLite has no such policy: the same
   * query sees both tenants, which is why the scoped builders are the only way server/modules
   * can reach the database (ESLint's import rules, test/architecture.test.ts).
   */
  it('returns no other tenant rows on PostgreSQL, and shows on SQLite why the scoped builders are the only way in', async () => {
    const owner = { tenantId: a.tenantId };
    const [contacts, users] = await t.deps.data.read(owner, async () => {
      const db = t.deps.data.db(owner);
      return [
        await db.all<{ tenant_id: string }>(sql`SELECT tenant_id FROM contacts`),
        await db.all<{ tenant_id: string }>(sql`SELECT tenant_id FROM users`),
      ];
    });
    const tenantsSeen = new Set([...contacts, ...users].map((r) => r.tenant_id));
    if (t.engine === 'postgres') expect([...tenantsSeen]).toEqual([a.tenantId]);
    else expect(tenantsSeen).toEqual(new Set([a.tenantId, b.tenantId]));
    expect(contacts.length).toBeGreaterThan(0);
  });
});
