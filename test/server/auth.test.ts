import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, json, login, PASSWORD, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';

type ErrorJson = { error: { code: string; message: string; requestId: string } };

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as ErrorJson;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(5);
  expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
}

let t: TestApp;
let acme: TenantFixture;

beforeAll(async () => {
  t = await createTestApp({ config: { loginRateIpPerMinute: '1000', loginRateEmailPer15Minutes: '5' } });
  acme = await createTenant(t, 'acme', { operator: true });
});

describe('sign-in', () => {
  it('accepts the right password and answers the token, user and tenant', async () => {
    const res = await t.app.request('/api/auth/login', json('POST', { email: acme.owner.email.toUpperCase(), password: PASSWORD }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; user: Record<string, unknown>; tenant: { slug: string } };
    expect(body.tenant.slug).toBe(acme.slug);
    expect(body.user).not.toHaveProperty('passwordHash');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/tras_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('refuses a wrong password and an unknown email with the same answer', async () => {
    const wrong = await t.app.request('/api/auth/login', json('POST', { email: acme.owner.email, password: 'Wrong-password-1' }));
    const unknown = await t.app.request(
      '/api/auth/login',
      json('POST', { email: 'nobody@nowhere.example.com', password: 'Wrong-password-1' }),
    );
    await expectError(wrong, 401, 'INVALID_CREDENTIALS');
    await expectError(unknown, 401, 'INVALID_CREDENTIALS');
  });

  it('asks for the tenant only when one email and password match people in two tenants', async () => {
    const other = await createTenant(t, 'other');
    const shared = `shared-${Date.now()}@example.com`;
    for (const tenant of [acme, other]) {
      const res = await t.app.request(
        '/api/users',
        json('POST', { email: shared, name: 'Shared Person', password: PASSWORD, role: 'member' }, tenant.owner.token),
      );
      expect(res.status).toBe(201);
    }
    const ambiguous = await t.app.request('/api/auth/login', json('POST', { email: shared, password: PASSWORD }));
    await expectError(ambiguous, 409, 'CONFLICT');
    const token = await login(t, shared, PASSWORD, other.slug);
    const me = (await (await t.app.request('/api/auth/me', bearer(token))).json()) as { tenant: { slug: string } };
    expect(me.tenant.slug).toBe(other.slug);
  });
});

describe('tokens', () => {
  it('an expired token is refused with TOKEN_EXPIRED', async () => {
    const token = await login(t, acme.owner.email, PASSWORD);
    t.clock.advance(61 * 60_000);
    try {
      await expectError(await t.app.request('/api/auth/me', bearer(token)), 401, 'TOKEN_EXPIRED');
    } finally {
      t.clock.advance(-61 * 60_000);
    }
  });

  it('refuses tampered tokens: alg none, another secret, edited claims', async () => {
    const good = await login(t, acme.owner.email, PASSWORD);
    const [header, payload, signature] = good.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;

    const noneHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const algNone = `${noneHeader}.${payload}.`;
    const otherSecret = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32).fill(7));
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'usr_01JD0000000000000000000000' })).toString('base64url')}.${signature}`;
    const truncated = good.slice(0, -4);

    for (const token of [algNone, otherSecret, edited, truncated, 'not-a-token']) {
      await expectError(await t.app.request('/api/auth/me', bearer(token)), 401, 'UNAUTHENTICATED');
    }
    expect((await t.app.request('/api/auth/me', bearer(good))).status).toBe(200);
  });

  it('signing out ends the session: the same token no longer works', async () => {
    const token = await login(t, acme.owner.email, PASSWORD);
    expect((await t.app.request('/api/auth/logout', bearer(token, 'POST'))).status).toBe(204);
    await expectError(await t.app.request('/api/auth/me', bearer(token)), 401, 'TOKEN_EXPIRED');
  });

  it('the session cookie works for reads, and cross-site writes with it are refused', async () => {
    const res = await t.app.request('/api/auth/login', json('POST', { email: acme.owner.email, password: PASSWORD }));
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    expect((await t.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(200);
    const crossSite = await t.app.request('http://crm.example.com/api/auth/me', {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example.net', host: 'crm.example.com' },
      body: JSON.stringify({ name: 'Hijacked' }),
    });
    await expectError(crossSite, 403, 'FORBIDDEN');
    const sameSite = await t.app.request('http://crm.example.com/api/auth/me', {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json', origin: 'http://crm.example.com', host: 'crm.example.com' },
      body: JSON.stringify({ name: 'Owner Renamed' }),
    });
    expect(sameSite.status).toBe(200);
  });
});

describe('API keys', () => {
  it('shows the secret once, stores only a hash, works as Bearer, and stops at revoke', async () => {
    const created = await t.app.request('/api/api-keys', json('POST', { name: 'integration', scopes: ['read'] }, acme.owner.token));
    expect(created.status).toBe(201);
    const key = (await created.json()) as { id: string; secret: string; prefix: string };
    expect(key.secret).toMatch(/^tcrm_[0-9A-Z]{10}_[0-9A-Z]{40}$/);
    expect(key.secret.startsWith(key.prefix)).toBe(true);
    const stored = await t.raw.get('SELECT * FROM api_keys WHERE id = ?', key.id);
    expect(stored).toBeDefined();
    expect(JSON.stringify(stored)).not.toContain(key.secret.split('_')[2]);

    const list = await (await t.app.request('/api/api-keys', bearer(acme.owner.token))).text();
    expect(list).toContain(key.id);
    expect(list).not.toContain(key.secret);

    const me = (await (await t.app.request('/api/auth/me', bearer(key.secret))).json()) as { role: string; via: string };
    expect(me).toMatchObject({ role: 'viewer', via: 'api_key' });

    const wrongSecret = key.secret.slice(0, -1) + (key.secret.endsWith('A') ? 'B' : 'A');
    await expectError(await t.app.request('/api/auth/me', bearer(wrongSecret)), 401, 'UNAUTHENTICATED');

    expect((await t.app.request(`/api/api-keys/${key.id}`, bearer(acme.owner.token, 'DELETE'))).status).toBe(204);
    await expectError(await t.app.request('/api/auth/me', bearer(key.secret)), 401, 'UNAUTHENTICATED');
  });

  it('an expired API key is refused', async () => {
    const created = await t.app.request(
      '/api/api-keys',
      json('POST', { name: 'short-lived', scopes: ['read'], expiresInDays: 1 }, acme.owner.token),
    );
    const key = (await created.json()) as { secret: string };
    expect((await t.app.request('/api/auth/me', bearer(key.secret))).status).toBe(200);
    t.clock.advance(2 * 86_400_000);
    try {
      await expectError(await t.app.request('/api/auth/me', bearer(key.secret)), 401, 'TOKEN_EXPIRED');
    } finally {
      t.clock.advance(-2 * 86_400_000);
    }
  });
});

describe('deactivated users and suspended tenants', () => {
  it('a deactivated user cannot sign in, and the token they held stops working', async () => {
    const member = await addMember(t, acme, 'member');
    const res = await t.app.request(`/api/users/${member.id}/deactivate`, bearer(acme.owner.token, 'POST'));
    expect(res.status).toBe(200);
    await expectError(await t.app.request('/api/auth/me', bearer(member.token)), 401, 'TOKEN_EXPIRED');
    await expectError(await t.app.request('/api/auth/login', json('POST', { email: member.email, password: PASSWORD })), 403, 'FORBIDDEN');
  });

  it('a suspended tenant: no sign-in, no token, no API key; resumed, all work again', async () => {
    const victim = await createTenant(t, 'victim');
    const created = await t.app.request('/api/api-keys', json('POST', { name: 'victim key', scopes: ['read'] }, victim.owner.token));
    const { secret } = (await created.json()) as { secret: string };

    const suspend = await t.app.request(`/api/admin/tenants/${victim.tenantId}/suspend`, bearer(acme.owner.token, 'POST'));
    expect(suspend.status).toBe(200);
    await expectError(await t.app.request('/api/auth/me', bearer(victim.owner.token)), 403, 'TENANT_SUSPENDED');
    await expectError(await t.app.request('/api/auth/me', bearer(secret)), 403, 'TENANT_SUSPENDED');
    await expectError(
      await t.app.request('/api/auth/login', json('POST', { email: victim.owner.email, password: PASSWORD })),
      403,
      'TENANT_SUSPENDED',
    );

    expect((await t.app.request(`/api/admin/tenants/${victim.tenantId}/resume`, bearer(acme.owner.token, 'POST'))).status).toBe(200);
    expect((await t.app.request('/api/auth/me', bearer(victim.owner.token))).status).toBe(200);
    expect((await t.app.request('/api/auth/me', bearer(secret))).status).toBe(200);
  });

  it('a soft-deleted tenant keeps its rows but nobody can use it', async () => {
    const gone = await createTenant(t, 'gone');
    expect((await t.app.request(`/api/admin/tenants/${gone.tenantId}`, bearer(acme.owner.token, 'DELETE'))).status).toBe(200);
    await expectError(await t.app.request('/api/auth/me', bearer(gone.owner.token)), 401, 'UNAUTHENTICATED');
    await expectError(
      await t.app.request('/api/auth/login', json('POST', { email: gone.owner.email, password: PASSWORD })),
      401,
      'INVALID_CREDENTIALS',
    );
    const rows = await t.raw.get<{ n: number }>('SELECT count(*) AS n FROM users WHERE tenant_id = ?', gone.tenantId);
    expect(rows?.n).toBe(1);
  });
});

describe('sign-in rate limit', () => {
  it('engages after repeated failures for one email with 429 and Retry-After, and releases when the window passes', async () => {
    const target = await addMember(t, acme, 'member');
    for (let i = 0; i < 5; i++) {
      await expectError(
        await t.app.request('/api/auth/login', json('POST', { email: target.email, password: `Wrong-pass-${i}x` })),
        401,
        'INVALID_CREDENTIALS',
      );
    }
    const limited = await t.app.request('/api/auth/login', json('POST', { email: target.email, password: PASSWORD }));
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as ErrorJson).error.code).toBe('RATE_LIMITED');

    t.clock.advance(15 * 60_000 + 1000);
    expect((await t.app.request('/api/auth/login', json('POST', { email: target.email, password: PASSWORD }))).status).toBe(200);
  });

  it('engages per client address', async () => {
    const strict = await createTestApp({ config: { loginRateIpPerMinute: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await strict.app.request('/api/auth/login', json('POST', { email: `x${i}@example.com`, password: 'Whatever-123' }));
        statuses.push(res.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      strict.clock.advance(61_000);
      expect((await strict.app.request('/api/auth/login', json('POST', { email: 'y@example.com', password: 'Whatever-123' }))).status).toBe(
        401,
      );
    } finally {
      await strict.close();
    }
  });
});

describe('secrets stay out of logs', () => {
  it('no password, token or API key secret appears in any log line', async () => {
    const token = await login(t, acme.owner.email, PASSWORD);
    const created = await t.app.request('/api/api-keys', json('POST', { name: 'log check', scopes: ['read'] }, token));
    const { secret } = (await created.json()) as { secret: string };
    await t.app.request('/api/auth/me', bearer(secret));
    const all = t.rawLogs.join('\n');
    expect(t.rawLogs.length).toBeGreaterThan(10);
    expect(all).toContain('"requestId"');
    for (const needle of [PASSWORD, token, secret, secret.split('_')[2]!]) expect(all).not.toContain(needle);
  });
});
