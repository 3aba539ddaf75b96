import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../platform/logger';
import { request as httpRequest } from 'node:http';
import { startServer, type RunningServer } from '../../server/main';
import { SECURITY_HEADERS } from '../../platform/http/response-headers';
import { provisionTenant } from '../../server/modules/admin-tenants/tenant-provisioning';
import { licenseManagerOf } from '../../server/runtime';
import { PASSWORD } from '../helpers/fixtures';
import { defaultTestKey } from '../helpers/test-app';
import { tempDir } from '../helpers/temp-dir';

/** The server as operators run it: real HTTP on loopback, real socket, real shutdown. */
let server: RunningServer;
const logLines: string[] = [];

beforeAll(async () => {
  const config = loadConfig({ dataDir: tempDir(), port: '0', host: '127.0.0.1', bodyLimitBytes: '65536' }, {});
  server = await startServer(config, { logger: createLogger({}, { write: (l: string) => void logLines.push(l) }) });
  await licenseManagerOf(server.deps)!.activate(defaultTestKey());
  await provisionTenant(
    server.deps,
    { slug: 'http', name: 'HTTP Co', owner: { email: 'owner@http.example.com', name: 'Owner', password: PASSWORD } },
    { type: 'system', id: null },
  );
});

afterAll(async () => {
  await server.close();
});

async function signIn(): Promise<string> {
  const res = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@http.example.com', password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { token: string }).token;
}

describe('over HTTP', () => {
  it('/healthz and /readyz answer', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { ok: true }, migrations: { ok: true } } });
  });

  it('/readyz says not ready, and why, when the schema is behind', async () => {
    const sqlite = server.deps.database!.sqlite;
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    sqlite.pragma(`user_version = ${version - 1}`);
    try {
      const res = await fetch(`${server.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: { migrations: { ok: boolean; detail: string } } };
      expect(body.checks.migrations.ok).toBe(false);
      expect(body.checks.migrations.detail).toMatch(/trasealla migrate/);
    } finally {
      sqlite.pragma(`user_version = ${version}`);
    }
  });

  it('signs in and reads /api/auth/me with the Bearer token', async () => {
    const token = await signIn();
    const me = await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { tenant: { slug: string } }).tenant.slug).toBe('http');
    expect(me.headers.get('x-request-id')).toBeTruthy();
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('sends the security headers and a request id on every kind of response, a route-set value winning', async () => {
    const token = await signIn();
    const responses = {
      json: await fetch(`${server.url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }),
      unauthenticated: await fetch(`${server.url}/api/contacts`),
      notFound: await fetch(`${server.url}/api/no-such-route`),
      health: await fetch(`${server.url}/healthz`),
      docs: await fetch(`${server.url}/api/docs`),
    };
    const ids = new Set<string>();
    for (const [kind, res] of Object.entries(responses)) {
      await res.arrayBuffer();
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) expect(res.headers.get(name), `${kind}: ${name}`).toBe(value);
      const id = res.headers.get('x-request-id');
      expect(id, kind).toMatch(/^[0-9a-f-]{36}$/);
      ids.add(id!);
    }
    expect(ids.size).toBe(Object.keys(responses).length);
    expect(responses.json.headers.get('content-type')).toBe('application/json');
    expect(responses.docs.headers.get('content-security-policy')).toContain("default-src 'self'");
    const body = (await (await fetch(`${server.url}/api/contacts`)).json()) as { error: { requestId: string } };
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('marks every API answer Cache-Control: no-store, errors included, unless the route sets its own', async () => {
    const token = await signIn();
    const auth = { headers: { authorization: `Bearer ${token}` } };
    const noStore = {
      json: await fetch(`${server.url}/api/auth/me`, auth),
      list: await fetch(`${server.url}/api/contacts`, auth),
      unauthenticated: await fetch(`${server.url}/api/contacts`),
      notFound: await fetch(`${server.url}/api/no-such-route`, auth),
      invalid: await fetch(`${server.url}/api/deals/board`, auth),
      openapi: await fetch(`${server.url}/api/openapi.json`),
      docs: await fetch(`${server.url}/api/docs`),
      export: await fetch(`${server.url}/api/export/contacts`, auth),
    };
    for (const [kind, res] of Object.entries(noStore)) {
      await res.arrayBuffer();
      expect(res.headers.get('cache-control'), kind).toBe('no-store');
    }
    expect(noStore.invalid.status).toBe(400);
    // A route's own value wins: the API reference's files are cached for a day.
    const asset = await fetch(`${server.url}/api/docs/assets/swagger-ui.css`);
    await asset.arrayBuffer();
    expect(asset.headers.get('cache-control')).toBe('public, max-age=86400');
    // Not the API: the probes are left alone.
    const health = await fetch(`${server.url}/healthz`);
    await health.arrayBuffer();
    expect(health.headers.get('cache-control')).toBeNull();
  });

  it('refuses a body over the limit with 413 in the error shape', async () => {
    const token = await signIn();
    const res = await fetch(`${server.url}/api/auth/me`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ name: 'x'.repeat(70_000) }),
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('refuses a chunked body (no Content-Length) once it passes the limit, and takes one under it', async () => {
    const token = await signIn();
    const send = (body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/api/auth/me`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'transfer-encoding': 'chunked' },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        // Two chunks, so the server cannot know the size up front.
        req.write(body.slice(0, 10));
        req.end(body.slice(10));
      });
    const big = await send(JSON.stringify({ name: 'x'.repeat(70_000) }));
    expect(big.status).toBe(413);
    expect((JSON.parse(big.body) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    const small = await send(JSON.stringify({ name: 'Chunked Name' }));
    expect(small.status).toBe(200);
    expect((JSON.parse(small.body) as { name: string }).name).toBe('Chunked Name');
  });

  it('serves an OpenAPI 3.1 document that covers the API', async () => {
    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/auth/me',
        '/api/users',
        '/api/users/{id}',
        '/api/api-keys',
        '/api/tenant',
        '/api/admin/tenants',
      ]),
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    expect(doc.components.schemas).toHaveProperty('Error');
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) expect(Object.keys(op.responses), `${method} ${path}`).not.toHaveLength(0);
  });

  it('serves the API reference page with every script and style from this server', async () => {
    const page = await fetch(`${server.url}/api/docs`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(ref.startsWith('/'), `${ref} must be local`).toBe(true);
      const asset = await fetch(`${server.url}${ref}`);
      expect(asset.status, ref).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(10);
    }
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/trasealla_http_requests_total\{method="GET",route="\/healthz",status="200"\} \d+/);
    expect(text).toMatch(/trasealla_tenants 1/);
  });

  it('logs one JSON line per request with its request id, and no secrets', async () => {
    const token = await signIn();
    const res = await fetch(`${server.url}/api/auth/me`, {
      headers: { authorization: `Bearer ${token}`, 'x-request-id': 'trace-abc-123456' },
    });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-123456');
    const lines = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const line = lines.find((l) => l.requestId === 'trace-abc-123456');
    expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/api/auth/me', status: 200, route: '/api/auth/me' });
    expect(line?.tenantId).toMatch(/^ten_/);
    const all = logLines.join('\n');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(token);
  });
});
