import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, json, login, PASSWORD, type TenantFixture } from '../helpers/fixtures';
import { apiRoutes, hasParams, openApiDoc, toOpenApiPath } from '../helpers/routes';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api } from './crm-helpers';

/**
 * Idempotency-Key on the create routes: a repeat answers the first answer and creates nothing;
 * the key is the caller's own, for one method and path, for 24 hours.
 */
let t: TestApp;
let acme: TenantFixture;
let other: TenantFixture;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  other = await createTenant(t, 'other');
});

type ErrorBody = { error: { code: string; message: string; requestId: string; details?: { fields?: { path: string }[] } } };

async function post(path: string, body: unknown, token: string, key?: string): Promise<Response> {
  const init = json('POST', body, token);
  if (key !== undefined) init.headers = { ...(init.headers as Record<string, string>), 'idempotency-key': key };
  return t.app.request(path, init);
}

const countWhere = async (table: string, tenantId: string, column: string, value: string) =>
  Number((await t.raw.get<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = ? AND ${column} = ?`, tenantId, value))!.n);

let serial = 0;
const uniqueKey = (label: string) => `${label}-${Date.now()}-${++serial}`;

describe('Idempotency-Key on create routes', () => {
  it('a repeat with the same key answers the first answer (status and body) and creates one record', async () => {
    const key = uniqueKey('repeat');
    const body = { name: `Initech ${key}`, domain: 'initech.example.com' };
    const first = await post('/api/companies', body, acme.owner.token, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const firstText = await first.text();
    // The same body with its keys in another order is the same request.
    const again = await post('/api/companies', { domain: body.domain, name: body.name }, acme.owner.token, key);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await again.text()).toBe(firstText);
    expect(await countWhere('companies', acme.tenantId, 'name', body.name)).toBe(1);
    const list = await api(t, acme.owner.token).get<{ total: number }>(`/api/companies?q=${encodeURIComponent(key)}`);
    expect(list.total).toBe(1);
    // Kept in the caller's tenant.
    const row = await t.raw.get<{ tenant_id: string; status: number }>('SELECT tenant_id, status FROM idempotency_keys WHERE key = ?', key);
    expect(row).toMatchObject({ tenant_id: acme.tenantId, status: 201 });
  });

  it('the same key with a different body answers 422 IDEMPOTENCY_KEY_REUSED and creates nothing', async () => {
    const key = uniqueKey('reused');
    expect((await post('/api/contacts', { firstName: 'Ana', lastName: key }, acme.owner.token, key)).status).toBe(201);
    const res = await post('/api/contacts', { firstName: 'Bea', lastName: key }, acme.owner.token, key);
    expect(res.status).toBe(422);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(body.error.message).toMatch(/different body/);
    expect(body.error.requestId).toBeTruthy();
    expect(await countWhere('contacts', acme.tenantId, 'last_name', key)).toBe(1);
  });

  it('the key is the caller’s own, for one path: another user, an API key, another tenant or another path creates its own', async () => {
    const key = uniqueKey('shared');
    const member = await addMember(t, acme, 'member');
    const apiKey = await api(t, acme.owner.token).post<{ secret: string }>('/api/api-keys', { name: 'integration', scopes: ['write'] });
    const company = await api(t, acme.owner.token).post<{ id: string }>('/api/companies', { name: `Callee ${key}` });
    const activity = { type: 'call', subject: `Call ${key}`, companyId: company.id };
    for (const token of [acme.owner.token, member.token, apiKey.secret])
      expect((await post('/api/activities', activity, token, key)).status).toBe(201);
    expect(await countWhere('activities', acme.tenantId, 'subject', activity.subject)).toBe(3);
    // Another tenant's request with the same key (and its own company) is its own.
    const theirs = await api(t, other.owner.token).post<{ id: string }>('/api/companies', { name: `Callee ${key}` });
    expect((await post('/api/activities', { ...activity, companyId: theirs.id }, other.owner.token, key)).status).toBe(201);
    expect(await countWhere('activities', other.tenantId, 'subject', activity.subject)).toBe(1);
    // The same key on another create route is another request.
    expect((await post('/api/tasks', { title: activity.subject }, acme.owner.token, key)).status).toBe(201);
    expect(await countWhere('tasks', acme.tenantId, 'title', activity.subject)).toBe(1);
    // And each of them repeats on its own.
    expect((await post('/api/activities', activity, member.token, key)).headers.get('idempotent-replayed')).toBe('true');
    expect(await countWhere('activities', acme.tenantId, 'subject', activity.subject)).toBe(3);
  });

  it('two requests with the same key at once create one record: the other waits its turn (409) or replays', async () => {
    const key = uniqueKey('race');
    const body = { firstName: 'Race', lastName: key };
    const answers = await Promise.all([1, 2, 3].map(() => post('/api/contacts', body, acme.owner.token, key)));
    const statuses = answers.map((r) => r.status);
    expect(statuses).toContain(201);
    expect(
      statuses.every((s) => s === 201 || s === 409),
      statuses.join(),
    ).toBe(true);
    for (const res of answers.filter((r) => r.status === 409))
      expect(((await res.json()) as ErrorBody).error.code).toBe('IDEMPOTENCY_KEY_IN_PROGRESS');
    expect(await countWhere('contacts', acme.tenantId, 'last_name', key)).toBe(1);
    // Once the first has answered, a repeat replays it.
    const later = await post('/api/contacts', body, acme.owner.token, key);
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(await countWhere('contacts', acme.tenantId, 'last_name', key)).toBe(1);
  });

  it('a request still running holds its key: a repeat answers 409 IDEMPOTENCY_KEY_IN_PROGRESS', async () => {
    const key = uniqueKey('running');
    const body = { name: `Running ${key}` };
    expect((await post('/api/companies', body, acme.owner.token, key)).status).toBe(201);
    // What a first request leaves while it runs: its claim, without an answer yet.
    expect(await t.raw.run('UPDATE idempotency_keys SET status = NULL, response = NULL WHERE key = ?', key)).toBe(1);
    const res = await post('/api/companies', body, acme.owner.token, key);
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorBody).error).toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS', message: expect.any(String) });
    expect(await countWhere('companies', acme.tenantId, 'name', body.name)).toBe(1);
  });

  it('answers below 500 are remembered too: a refused request repeats its refusal', async () => {
    const key = uniqueKey('refused');
    const first = await post('/api/contacts', { firstName: '', lastName: key }, acme.owner.token, key);
    expect(first.status).toBe(400);
    const firstBody = (await first.json()) as ErrorBody;
    const again = await post('/api/contacts', { firstName: '', lastName: key }, acme.owner.token, key);
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual(firstBody);
    // A role refusal comes before the key is looked at: nothing is kept for a viewer.
    const viewer = await addMember(t, acme, 'viewer');
    expect((await post('/api/contacts', { firstName: 'V', lastName: key }, viewer.token, `${key}-viewer`)).status).toBe(403);
    expect(await t.raw.get('SELECT id FROM idempotency_keys WHERE key = ?', `${key}-viewer`)).toBeUndefined();
  });

  it('lead conversion takes a key: a repeat answers the same conversion and converts once', async () => {
    const owner = api(t, acme.owner.token);
    const lead = await owner.post<{ id: string }>('/api/leads', {
      title: 'Convert me',
      contactName: 'Lou Reed',
      companyName: 'Velvet Ltd',
    });
    const key = uniqueKey('convert');
    const first = await post(`/api/leads/${lead.id}/convert`, {}, acme.owner.token, key);
    expect(first.status).toBe(200);
    const again = await post(`/api/leads/${lead.id}/convert`, {}, acme.owner.token, key);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    // Without the key, a second conversion is refused as ever.
    expect((await post(`/api/leads/${lead.id}/convert`, {}, acme.owner.token)).status).toBe(409);
  });

  it('a malformed key answers 400 in the error shape and runs nothing', async () => {
    for (const bad of ['x'.repeat(201), 'tab\tinside', 'ünicode']) {
      const res = await post('/api/companies', { name: `Bad key ${bad.length}` }, acme.owner.token, bad);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details?.fields?.[0]?.path).toBe('idempotency-key');
    }
    expect(await countWhere('companies', acme.tenantId, 'name', 'Bad key 201')).toBe(0);
    expect((await post('/api/companies', { name: 'Longest key' }, acme.owner.token, 'k'.repeat(200))).status).toBe(201);
  });

  it('every create route documents the Idempotency-Key header in the OpenAPI document', async () => {
    const doc = (await openApiDoc(t)) as unknown as {
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
    };
    const creates = apiRoutes(t).filter(
      (r) =>
        r.method === 'POST' && (!hasParams(r) || r.path.endsWith('/convert')) && !/^\/api\/(admin|auth|import|api-keys)\b/.test(r.path),
    );
    expect(creates.map((r) => r.path)).toEqual(
      expect.arrayContaining([
        '/api/companies',
        '/api/contacts',
        '/api/leads',
        '/api/deals',
        '/api/products',
        '/api/activities',
        '/api/tasks',
      ]),
    );
    for (const route of creates) {
      const params = doc.paths[toOpenApiPath(route.path)]?.post?.parameters ?? [];
      expect(
        params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'idempotency-key'),
        `${route.path} documents Idempotency-Key`,
      ).toBe(true);
    }
  });

  // Last: it moves the clock a day on, past every session's token.
  it('keys are kept 24 hours: after that the same key creates again, and expired keys are pruned', async () => {
    const key = uniqueKey('expiry');
    const body = { name: `Expiring ${key}` };
    let token = acme.owner.token;
    const later = async (hours: number) => {
      t.clock.advance(hours * 60 * 60 * 1000);
      token = await login(t, acme.owner.email, PASSWORD);
    };
    expect((await post('/api/companies', body, token, key)).status).toBe(201);
    await later(23);
    expect((await post('/api/companies', body, token, key)).headers.get('idempotent-replayed')).toBe('true');
    await later(2);
    const after = await post('/api/companies', body, token, key);
    expect(after.status).toBe(201);
    expect(after.headers.get('idempotent-replayed')).toBeNull();
    expect(await countWhere('companies', acme.tenantId, 'name', body.name)).toBe(2);
    // Another key's claim prunes the tenant's expired rows.
    const old = uniqueKey('old');
    expect((await post('/api/companies', { name: `Old ${old}` }, token, old)).status).toBe(201);
    await later(25);
    expect((await post('/api/companies', { name: `New ${old}` }, token, `${old}-new`)).status).toBe(201);
    expect(await t.raw.get('SELECT id FROM idempotency_keys WHERE key = ?', old)).toBeUndefined();
  });
});
