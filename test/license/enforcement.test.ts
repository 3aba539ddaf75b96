import { describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, json, login, PASSWORD } from '../helpers/fixtures';
import { createTestApp } from '../helpers/test-app';
import { tempDir } from '../helpers/temp-dir';
import { DAY, devKey } from './helpers';

const WARNING = 'trasealla-license-warning';

describe('setup-required mode (never activated)', () => {
  it('answers 503 LICENSE_REQUIRED with the setup command on every API route; /healthz up, /readyz says why; docs stay open', async () => {
    const t = await createTestApp({ licenseKey: null });
    for (const [method, path] of [
      ['GET', '/api/users'],
      ['POST', '/api/auth/login'],
      ['GET', '/api/license'],
      ['GET', '/api/auth/me'],
      ['PATCH', '/api/tenant'],
    ] as const) {
      const res = await t.app.request(path, method === 'GET' ? {} : json(method, { email: 'a@b.example', password: 'x' }));
      expect(res.status, `${method} ${path}`).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string; details: { setupCommand: string } } };
      expect(body.error.code).toBe('LICENSE_REQUIRED');
      expect(body.error.details.setupCommand).toMatch(/^trasealla setup --data-dir /);
    }
    expect((await t.app.request('/healthz')).status).toBe(200);
    const ready = await t.app.request('/readyz');
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toMatch(/no license is activated: run \\"trasealla setup/);
    expect((await t.app.request('/api/openapi.json')).status).toBe(200);
    await t.close();
  });
});

describe('seats, tenants and features', () => {
  it('the N+1th user is refused with LICENSE_SEAT_LIMIT; deactivating one lets the next in; reactivating over the limit is refused', async () => {
    const t = await createTestApp({ licenseKey: devKey({ maxUsers: 3, maxTenants: 1 }) });
    const acme = await createTenant(t, 'acme');
    await addMember(t, acme, 'member');
    const third = await t.app.request(
      '/api/users',
      json('POST', { email: 'third@acme.example', name: 'Third', password: PASSWORD }, acme.owner.token),
    );
    expect(third.status).toBe(201);
    const thirdId = ((await third.json()) as { id: string }).id;
    const fourth = await t.app.request(
      '/api/users',
      json('POST', { email: 'fourth@acme.example', name: 'Fourth', password: PASSWORD }, acme.owner.token),
    );
    expect(fourth.status).toBe(403);
    expect(((await fourth.json()) as { error: { code: string } }).error.code).toBe('LICENSE_SEAT_LIMIT');

    const lic = (await (await t.app.request('/api/license', bearer(acme.owner.token))).json()) as {
      seats: { used: number; licensed: number };
    };
    expect(lic.seats).toEqual({ used: 3, licensed: 3 });

    expect((await t.app.request(`/api/users/${thirdId}/deactivate`, bearer(acme.owner.token, 'POST'))).status).toBe(200);
    const retry = await t.app.request(
      '/api/users',
      json('POST', { email: 'fourth@acme.example', name: 'Fourth', password: PASSWORD }, acme.owner.token),
    );
    expect(retry.status).toBe(201);
    const reactivate = await t.app.request(`/api/users/${thirdId}/reactivate`, bearer(acme.owner.token, 'POST'));
    expect(reactivate.status).toBe(403);
    expect(((await reactivate.json()) as { error: { code: string } }).error.code).toBe('LICENSE_SEAT_LIMIT');

    await t.close();
  });

  it('tenants over the license are refused with LICENSE_TENANT_LIMIT', async () => {
    const t = await createTestApp({ licenseKey: devKey({ maxUsers: 10, maxTenants: 1 }) });
    const acme = await createTenant(t, 'acme', { operator: true });
    const res = await t.app.request(
      '/api/admin/tenants',
      json('POST', { slug: 'beta-co', name: 'Beta', owner: { email: 'b@beta.example', name: 'B', password: PASSWORD } }, acme.owner.token),
    );
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('LICENSE_TENANT_LIMIT');
    await t.close();
  });

  it('API keys need the "api" feature: creating one and using one are refused with LICENSE_FEATURE_DISABLED', async () => {
    const dataDir = tempDir();
    const full = await createTestApp({ dataDir, licenseKey: devKey({ customer: 'Acme Health', features: ['api'] }) });
    const acme = await createTenant(full, 'acme');
    const created = await full.app.request('/api/api-keys', json('POST', { name: 'sync', scopes: ['read'] }, acme.owner.token));
    expect(created.status).toBe(201);
    const apiKey = ((await created.json()) as { secret: string }).secret;
    expect((await full.app.request('/api/tenant', bearer(apiKey))).status).toBe(200);
    // The customer renews without the api feature.
    await full.license!.activate(devKey({ customer: 'Acme Health', features: ['analytics'], issuedAt: new Date('2026-06-01T00:00:00Z') }));
    const use = await full.app.request('/api/tenant', bearer(apiKey));
    expect(use.status).toBe(403);
    expect(((await use.json()) as { error: { code: string } }).error.code).toBe('LICENSE_FEATURE_DISABLED');
    const create = await full.app.request('/api/api-keys', json('POST', { name: 'again', scopes: ['read'] }, acme.owner.token));
    expect(((await create.json()) as { error: { code: string } }).error.code).toBe('LICENSE_FEATURE_DISABLED');
    // People signing in are not affected.
    expect((await full.app.request('/api/tenant', bearer(acme.owner.token))).status).toBe(200);
    await full.close();
  });
});

describe('time travel with the injected clock', () => {
  it('warns at 30, 7 and 1 days; within grace writes work with a warning; past grace writes are refused while reads and exports work and no row is lost; setting the clock back revives nothing', async () => {
    const dataDir = tempDir();
    const start = new Date('2026-11-25T09:00:00.000Z');
    const expiresAt = new Date(start.getTime() + 40 * DAY);
    const t = await createTestApp({ dataDir, licenseKey: devKey({ expiresAt, maxUsers: 50 }) });
    const acme = await createTenant(t, 'acme');
    const member = await addMember(t, acme, 'admin');
    // Tokens last an hour: sign in again at each point in time.
    const read = async () => t.app.request('/api/tenant', bearer(await login(t, acme.owner.email, PASSWORD)));
    const license = async () =>
      (await (await t.app.request('/api/license', bearer(await login(t, member.email, PASSWORD)))).json()) as {
        status: string;
        warnings: string[];
        readOnly: boolean;
        daysLeft: number;
      };

    expect((await read()).headers.get(WARNING)).toBeNull();
    expect((await license()).warnings).toEqual([]);
    for (const [daysAhead, text] of [
      [30, /expires in 30 days/],
      [7, /expires in 7 days/],
      [1, /expires in less than a day/],
    ] as const) {
      t.clock.set(new Date(expiresAt.getTime() - daysAhead * DAY + 1000));
      const res = await read();
      expect(res.headers.get(WARNING), `${daysAhead} days ahead`).toMatch(text);
      const lic = await license();
      expect(lic.status).toBe('active');
      expect(lic.warnings[0]).toMatch(text);
    }
    t.clock.set(new Date(expiresAt.getTime() + 3 * DAY));
    const token = await login(t, acme.owner.email, PASSWORD);
    const inGrace = await t.app.request('/api/tenant', json('PATCH', { name: 'Renamed in grace' }, token));
    expect(inGrace.status).toBe(200);
    expect(inGrace.headers.get(WARNING)).toMatch(/expired on .* read-only in 11 days/);
    expect((await (await t.app.request('/api/license', bearer(token))).json()) as object).toMatchObject({
      status: 'grace',
      readOnly: false,
    });

    t.clock.set(new Date(expiresAt.getTime() + 15 * DAY));
    const late = await login(t, acme.owner.email, PASSWORD); // signing in still works
    const counts = () =>
      t.raw.get('SELECT (SELECT count(*) FROM users) AS u, (SELECT count(*) FROM tenants) AS t, (SELECT count(*) FROM audit_log) AS a');
    const rowsBefore = await counts();
    const refused = await t.app.request('/api/tenant', json('PATCH', { name: 'Too late' }, late));
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'LICENSE_EXPIRED',
      message: expect.stringMatching(/Reading and exporting your data keep working/),
    });
    const addUser = await t.app.request('/api/users', json('POST', { email: 'x@acme.example', name: 'X', password: PASSWORD }, late));
    expect(((await addUser.json()) as { error: { code: string } }).error.code).toBe('LICENSE_EXPIRED');
    for (const path of ['/api/tenant', '/api/users', '/api/auth/me', '/api/license'])
      expect((await t.app.request(path, bearer(late))).status, path).toBe(200);
    if (t.app.routes.some((r) => r.method === 'GET' && r.path === '/api/export')) {
      const exported = await t.app.request('/api/export', bearer(late));
      expect(exported.status).toBe(200);
    }
    const users = (await (await t.app.request('/api/users?limit=200', bearer(late))).json()) as { total: number };
    expect(users.total).toBe(2);
    expect(await counts()).toEqual(rowsBefore);
    expect((await t.app.request('/readyz')).status).toBe(200); // read-only is still serving

    // Clock set back to before expiry: still expired, in this process and after a restart.
    t.clock.set(start);
    expect((await t.app.request('/api/tenant', json('PATCH', { name: 'Back in time' }, late))).status).toBe(403);
    await t.close();
    // The same database again: on PostgreSQL the data directory does not hold it, the URL names it.
    const databaseUrl = t.deps.config.databaseUrl;
    const restarted = await createTestApp({ dataDir, ...(databaseUrl ? { config: { databaseUrl } } : {}) });
    restarted.clock.set(start);
    const again = await login(restarted, acme.owner.email, PASSWORD);
    const stillRefused = await restarted.app.request('/api/tenant', json('PATCH', { name: 'Back in time' }, again));
    expect(((await stillRefused.json()) as { error: { code: string } }).error.code).toBe('LICENSE_EXPIRED');
    await restarted.close();
  });
});

describe('renewing an air-gapped license offline', () => {
  it('a signed renewal document makes a read-only instance writable again; a renewal for another license is refused', async () => {
    const { signRenewal, verifyKey, defaultTrustedKeys } = await import('../../licensing/key');
    const { devSigningKeyPair } = await import('../../licensing/key/dev-keypair');
    const key = devKey({ expiresAt: new Date('2026-12-01T00:00:00Z') });
    const t = await createTestApp({ licenseKey: key });
    const acme = await createTenant(t, 'acme');
    t.clock.set(new Date('2027-01-01T00:00:00Z'));
    const token = await login(t, acme.owner.email, PASSWORD);
    expect((await t.app.request('/api/tenant', json('PATCH', { name: 'Late' }, token))).status).toBe(403);

    const verified = verifyKey(key, { trustedKeys: defaultTrustedKeys(), now: new Date('2026-11-01T00:00:00Z') });
    if (!verified.ok) throw new Error(verified.message);
    const renewal = signRenewal(
      { ...verified.terms, issuedAt: new Date('2026-12-20T00:00:00Z'), expiresAt: new Date('2028-01-01T00:00:00Z') },
      devSigningKeyPair(),
    );
    await expect(t.license!.importRenewal(renewal.replace(verified.terms.licenseId, 'lic_0000000000000000'))).resolves.toBeDefined(); // header lines are not trusted
    expect((await t.app.request('/api/tenant', json('PATCH', { name: 'Renewed' }, token))).status).toBe(200);
    const other = signRenewal(
      { ...verified.terms, licenseId: 'lic_0000000000000000', expiresAt: new Date('2029-01-01T00:00:00Z') },
      devSigningKeyPair(),
    );
    await expect(t.license!.importRenewal(other)).rejects.toThrow(/This renewal is for license lic_0000000000000000/);
    await t.close();
  });
});
