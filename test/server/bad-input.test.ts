import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, json, type TenantFixture } from '../helpers/fixtures';
import { snapshot } from '../helpers/db-snapshot';
import {
  apiRoutes,
  bodySchema,
  fillPath,
  hasParams,
  isWrite,
  openApiDoc,
  resolveSchema,
  sampleFor,
  type ApiRoute,
  type OpenApiDoc,
} from '../helpers/routes';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { idResolver, populateRecords } from '../helpers/populate';

/**
 * Every write route, fed every kind of bad input: each answers 4xx in the
 * error shape, none answers 500, and the database is byte-for-byte unchanged.
 */
let t: TestApp;
let acme: TenantFixture;
let doc: OpenApiDoc;
let targetId: string;

beforeAll(async () => {
  t = await createTestApp({ config: { loginRateIpPerMinute: '100000' } });
  acme = await createTenant(t, 'acme', { operator: true });
  targetId = (await addMember(t, acme, 'member')).id;
  doc = await openApiDoc(t);
  await populateRecords(t, doc, acme);
});

type Schema = Record<string, unknown>;

interface Case {
  name: string;
  init: RequestInit;
}

const MEGABYTE = 'x'.repeat(1024 * 1024);
const SQL = "' OR '1'='1'; DROP TABLE users; --";

/** Every leaf of a body schema, as a path of property names, with its schema. */
function leaves(schema: Schema | undefined, prefix: string[] = []): { path: string[]; schema: Schema }[] {
  const s = resolveSchema(doc, schema);
  if (!s) return [];
  if (s.type === 'object' && s.properties) {
    return Object.entries(s.properties as Record<string, Schema>).flatMap(([key, child]) => {
      const resolved = resolveSchema(doc, child);
      return resolved?.type === 'object' ? leaves(resolved, [...prefix, key]) : [{ path: [...prefix, key], schema: resolved ?? child }];
    });
  }
  return [];
}

function withValue(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) {
    node[key] = (node[key] as Record<string, unknown> | undefined) ?? {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]!] = value;
  return copy;
}

function wrongTypeFor(schema: Schema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'string' || schema.enum) return 12345;
  if (type === 'number' || type === 'integer') return 'twelve';
  if (type === 'boolean') return 'yes';
  if (type === 'array') return { not: 'an array' };
  return 'not an object';
}

/** A field is free text when any characters are fine in it: no format, enum or pattern to violate. */
function isFreeText(schema: Schema): boolean {
  return schema.type === 'string' && (!schema.format || schema.format === 'password') && !schema.enum && !schema.pattern;
}

async function casesFor(route: ApiRoute, token: string): Promise<Case[]> {
  const schema = bodySchema(doc, route);
  const auth = { authorization: `Bearer ${token}` };
  const raw = (body: string, contentType = 'application/json'): RequestInit => ({
    method: route.method,
    headers: { ...auth, 'content-type': contentType },
    body,
  });
  // Actions without a body (deactivate, revoke…) take their input from the path: the id cases below cover them.
  if (!schema) return [];
  const valid = sampleFor(doc, schema, await idResolver(t, acme.tenantId));
  const cases: Case[] = [
    { name: 'malformed JSON', init: raw('{"name": ') },
    { name: 'JSON array', init: raw('[]') },
    { name: 'JSON null', init: raw('null') },
    { name: 'JSON string', init: raw('"hello"') },
    { name: 'no content type', init: { method: route.method, headers: auth, body: JSON.stringify(valid) } },
    { name: 'form content type', init: raw('name=x', 'application/x-www-form-urlencoded') },
    { name: 'unknown field', init: json(route.method, { ...(valid as object), surpriseField: 'x' }, token) },
    { name: 'empty object', init: json(route.method, {}, token) },
    { name: '1 MB body', init: json(route.method, { ...(valid as object), padding: MEGABYTE }, token) },
  ];
  for (const leaf of leaves(schema)) {
    const field = leaf.path.join('.');
    cases.push({ name: `${field}: wrong type`, init: json(route.method, withValue(valid, leaf.path, wrongTypeFor(leaf.schema)), token) });
    const nullable = Array.isArray(leaf.schema.type) && leaf.schema.type.includes('null');
    if (!nullable) cases.push({ name: `${field}: null`, init: json(route.method, withValue(valid, leaf.path, null), token) });
    if (leaf.schema.type === 'string' || leaf.schema.enum) {
      cases.push({ name: `${field}: 1 MB string`, init: json(route.method, withValue(valid, leaf.path, MEGABYTE), token) });
      cases.push({
        name: `${field}: 10 kB string`,
        init: json(route.method, withValue(valid, leaf.path, MEGABYTE.slice(0, 10_000)), token),
      });
      cases.push({
        name: `${field}: control characters`,
        init: json(route.method, withValue(valid, leaf.path, 'abc\u0000\u0007def'), token),
      });
      if (!isFreeText(leaf.schema))
        cases.push({ name: `${field}: SQL metacharacters`, init: json(route.method, withValue(valid, leaf.path, SQL), token) });
    }
    if (leaf.schema.type === 'number' || leaf.schema.type === 'integer') {
      cases.push({ name: `${field}: huge number`, init: json(route.method, withValue(valid, leaf.path, 1e308), token) });
      cases.push({ name: `${field}: negative`, init: json(route.method, withValue(valid, leaf.path, -1), token) });
    }
  }
  return cases;
}

/** Paths a write route can be aimed at that are not ids at all. */
const BAD_IDS = ['not-an-id', "usr_' OR '1'='1", '../../etc/passwd', '%00', 'usr_01JD000000000000000000000Z'.repeat(20)];

describe('bad input on every write route', () => {
  it('answers 4xx with the error shape and changes nothing', async () => {
    const writes = apiRoutes(t)
      .filter(isWrite)
      .filter((r) => r.path !== '/api/auth/logout');
    expect(writes.length).toBeGreaterThanOrEqual(10);
    const failures: string[] = [];
    let count = 0;
    // Each case's "after" is the next one's "before": nothing else writes in between.
    let before = await snapshot(t.raw);
    for (const route of writes) {
      const url = fillPath(route.path, targetId);
      for (const c of await casesFor(route, acme.owner.token)) {
        const res = await t.app.request(url, c.init);
        count += 1;
        const text = await res.text();
        let body: { error?: { code?: string; message?: string; requestId?: string } } = {};
        try {
          body = JSON.parse(text);
        } catch {
          // reported below
        }
        if (res.status < 400 || res.status >= 500)
          failures.push(`${route.method} ${route.path} [${c.name}] → ${res.status} ${text.slice(0, 120)}`);
        else if (!body.error?.code || !body.error.message || !body.error.requestId)
          failures.push(`${route.method} ${route.path} [${c.name}] → no error shape`);
        const after = await snapshot(t.raw);
        if (JSON.stringify(after) !== JSON.stringify(before))
          failures.push(`${route.method} ${route.path} [${c.name}] changed the database`);
        before = after;
      }
    }
    expect(failures).toEqual([]);
    expect(count).toBeGreaterThan(150);
    // Hundreds of requests, each followed by a read of the whole database: on PostgreSQL about 15 s alone.
  }, 120_000);

  it('invalid ids in the path answer 4xx, never 500', async () => {
    const withIds = apiRoutes(t).filter(hasParams);
    const failures: string[] = [];
    for (const route of withIds) {
      for (const id of BAD_IDS) {
        const res = await t.app.request(
          fillPath(route.path, id),
          route.method === 'GET' ? bearer(acme.owner.token) : json(route.method, {}, acme.owner.token),
        );
        if (res.status < 400 || res.status >= 500) failures.push(`${route.method} ${route.path} [${id.slice(0, 20)}] → ${res.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('SQL metacharacters in free text are stored as text, exactly', async () => {
    const name = `O'Brien "Bobby"; DROP TABLE users; --`;
    const res = await t.app.request(`/api/users/${targetId}`, json('PATCH', { name }, acme.owner.token));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe(name);
    const back = await t.app.request(`/api/users/${targetId}`, bearer(acme.owner.token));
    expect(((await back.json()) as { name: string }).name).toBe(name);
    expect(await t.raw.get('SELECT count(*) AS n FROM users')).toMatchObject({ n: expect.any(Number) });
  });

  it('unknown routes and wrong methods answer JSON 404 and 405 with Allow', async () => {
    const missing = await t.app.request('/api/nothing-here', bearer(acme.owner.token));
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    const wrongMethod = await t.app.request('/api/users', bearer(acme.owner.token, 'PUT'));
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toContain('POST');
    expect(((await wrongMethod.json()) as { error: { code: string } }).error.code).toBe('METHOD_NOT_ALLOWED');
  });
});
