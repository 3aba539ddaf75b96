import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trustedKeySetOf, verifyKey, verifyRenewal } from '../../licensing/key';
import { validateLicenseOnline } from '../../licensing/client';
import { OperatorClient } from './helpers/operator-client';
import { startServiceProcess, type ServiceProcess } from './helpers/service-process';
import { startTamperProxy } from './helpers/tamper-proxy';

let svc: ServiceProcess;
let op: OperatorClient;
let trusted: ReturnType<typeof trustedKeySetOf>;

beforeAll(async () => {
  svc = await startServiceProcess();
  op = new OperatorClient(svc.url, svc.token);
  trusted = trustedKeySetOf(svc.pair.publicKey);
});

afterAll(async () => {
  await svc?.stop();
});

function check(licenseId: string, overrides: Partial<Parameters<typeof validateLicenseOnline>[0]> = {}) {
  return validateLicenseOnline({
    serverUrl: svc.url,
    licenseId,
    instanceId: 'ins_test_1',
    activeUsers: 3,
    tenants: 1,
    version: '0.1.0',
    trustedKeys: trusted,
    timeoutMs: 5_000,
    ...overrides,
  });
}

describe('license service over real HTTP', () => {
  it('answers /healthz with the signing key id', async () => {
    const res = await op.call('GET', '/healthz', undefined, { token: null });
    expect(res).toMatchObject({ status: 200, json: { status: 'ok', signingKeyId: svc.pair.keyId } });
  });

  it('issue → the key verifies offline → validate answers a signed "valid" with the terms', async () => {
    const issued = await op.issue();
    expect(issued.status).toBe(201);
    const verified = verifyKey(issued.json.key, { trustedKeys: trusted });
    expect(verified.ok && verified.terms.licenseId).toBe(issued.json.id);
    const result = await check(issued.json.id);
    expect(result).toMatchObject({ kind: 'verified', status: 'valid' });
    if (result.kind !== 'verified') return;
    expect(result.terms).toMatchObject({ licenseId: issued.json.id, maxUsers: 10, maxTenants: 2, customer: 'Acme Health GmbH' });
    expect(result.nextCheckAt.getTime() - result.serverTime.getTime()).toBe(7 * 86_400_000);
  });

  it('records each instance that checks in: first and last seen, version, users, tenants', async () => {
    const { json: lic } = await op.issue();
    await check(lic.id, { instanceId: 'ins_a', version: '0.1.0', activeUsers: 2 });
    await check(lic.id, { instanceId: 'ins_a', version: '0.2.0', activeUsers: 4, tenants: 2 });
    await check(lic.id, { instanceId: 'ins_b' });
    const res = await op.call('GET', `/v1/licenses/${lic.id}/instances`);
    expect(res.status).toBe(200);
    expect(res.json.total).toBe(2);
    const a = res.json.data.find((i: any) => i.instanceId === 'ins_a');
    expect(a).toMatchObject({ version: '0.2.0', activeUsers: 4, tenants: 2, checks: 2, lastStatus: 'valid', lastAddress: '127.0.0.1' });
    expect(new Date(a.lastSeenAt).getTime()).toBeGreaterThanOrEqual(new Date(a.firstSeenAt).getTime());
  });

  it('revoke → validate answers "revoked" with the reason; the audit log names the action', async () => {
    const { json: lic } = await op.issue();
    const revoked = await op.call('POST', `/v1/licenses/${lic.id}/revoke`, { reason: 'Chargeback' });
    expect(revoked).toMatchObject({ status: 200, json: { status: 'revoked', statusReason: 'Chargeback' } });
    const result = await check(lic.id);
    expect(result).toMatchObject({ kind: 'verified', status: 'revoked', message: 'Revoked: Chargeback' });
    expect((await op.call('POST', `/v1/licenses/${lic.id}/revoke`, { reason: 'again' })).status).toBe(409);
    const shown = await op.call('GET', `/v1/licenses/${lic.id}`);
    expect(shown.json.audit.map((a: any) => a.action)).toEqual(['license.revoke', 'license.issue']);
    expect(shown.json.audit[0]).toMatchObject({ actor: 'operator', details: { from: 'active', to: 'revoked', reason: 'Chargeback' } });
  });

  it('suspend → "suspended"; resume → "valid" again', async () => {
    const { json: lic } = await op.issue();
    expect((await op.call('POST', `/v1/licenses/${lic.id}/suspend`, { reason: 'Unpaid invoice' })).status).toBe(200);
    expect(await check(lic.id)).toMatchObject({ kind: 'verified', status: 'suspended' });
    expect((await op.call('POST', `/v1/licenses/${lic.id}/suspend`)).status).toBe(409);
    expect((await op.call('POST', `/v1/licenses/${lic.id}/resume`)).status).toBe(200);
    expect(await check(lic.id)).toMatchObject({ kind: 'verified', status: 'valid' });
  });

  it('renew → validate carries the new terms (no new key needed online); the new key verifies', async () => {
    const { json: lic } = await op.issue();
    const newExpiry = new Date(Date.now() + 3 * 365 * 86_400_000);
    newExpiry.setUTCMilliseconds(0);
    const renewed = await op.call('POST', `/v1/licenses/${lic.id}/renew`, { expiresAt: newExpiry.toISOString(), maxUsers: 50 });
    expect(renewed.status).toBe(200);
    expect(renewed.json.renewal).toBeNull(); // online: instances pick the terms up at their next check
    const result = await check(lic.id);
    expect(result.kind === 'verified' && result.terms.expiresAt?.toISOString()).toBe(newExpiry.toISOString());
    expect(result.kind === 'verified' && result.terms.maxUsers).toBe(50);
    const newKey = verifyKey(renewed.json.key, { trustedKeys: trusted });
    expect(newKey.ok && newKey.terms.licenseId).toBe(lic.id);
  });

  it('renew of an air-gapped license returns a renewal document the CRM can import offline', async () => {
    const { json: lic } = await op.issue({ policy: { mode: 'air-gapped' } });
    const renewed = await op.call('POST', `/v1/licenses/${lic.id}/renew`, { expiresAt: null });
    expect(renewed.status).toBe(200);
    const doc = verifyRenewal(renewed.json.renewal, { trustedKeys: trusted, licenseId: lic.id });
    expect(doc.ok && doc.terms.expiresAt).toBeNull();
  });

  it('answers "over_seats" when more users or tenants are active than licensed', async () => {
    const { json: lic } = await op.issue({ maxUsers: 5, maxTenants: 1 });
    expect(await check(lic.id, { activeUsers: 6 })).toMatchObject({ kind: 'verified', status: 'over_seats' });
    expect(await check(lic.id, { activeUsers: 5, tenants: 2 })).toMatchObject({ kind: 'verified', status: 'over_seats' });
    expect(await check(lic.id, { activeUsers: 5, tenants: 1 })).toMatchObject({ kind: 'verified', status: 'valid' });
  });

  it('lists with search and cursor pagination { data, nextCursor, total }', async () => {
    const marker = `Zeta${Date.now() % 100000}`;
    for (const n of [1, 2, 3]) await op.issue({ customer: `${marker} Clinic ${n}` });
    const first = await op.call('GET', `/v1/licenses?q=${marker.toLowerCase()}&limit=2`);
    expect(first.json.total).toBe(3);
    expect(first.json.data.map((l: any) => l.customer)).toEqual([`${marker} Clinic 3`, `${marker} Clinic 2`]);
    const second = await op.call('GET', `/v1/licenses?q=${marker}&limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.data.map((l: any) => l.customer)).toEqual([`${marker} Clinic 1`]);
    expect(second.json.nextCursor).toBeNull();
  });

  it.each([
    ['no token', 'GET', '/v1/licenses', undefined, null, 401, 'UNAUTHENTICATED'],
    ['a wrong token', 'GET', '/v1/licenses', undefined, 'trasop_wrong', 401, 'UNAUTHENTICATED'],
    [
      'an unknown tier',
      'POST',
      '/v1/licenses',
      { customer: 'A', tier: 'XXX', maxUsers: 1, maxTenants: 1, expiresAt: null, policy: { mode: 'air-gapped' } },
      undefined,
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown license', 'GET', '/v1/licenses/lic_0000000000000000', undefined, undefined, 404, 'NOT_FOUND'],
    ['a malformed license id', 'GET', '/v1/licenses/nope', undefined, undefined, 400, 'VALIDATION_FAILED'],
    ['validate without a nonce', 'POST', '/v1/licenses/validate', { licenseId: 'lic_0000000000000000' }, null, 400, 'VALIDATION_FAILED'],
    [
      'validate of an unknown license',
      'POST',
      '/v1/licenses/validate',
      { licenseId: 'lic_0000000000000000', instanceId: 'i', activeUsers: 1, tenants: 1, version: '1', nonce: 'abcdefghijklmnopqrst' },
      null,
      404,
      'NOT_FOUND',
    ],
    ['an unknown route', 'GET', '/v2/nothing', undefined, null, 404, 'NOT_FOUND'],
  ] as const)('refuses %s with the one JSON error shape', async (_name, method, path, body, token, status, code) => {
    const res = await op.call(method, path, body, token === undefined ? {} : { token });
    expect(res.status).toBe(status);
    expect(res.json.error).toMatchObject({ code, message: expect.any(String), requestId: expect.stringMatching(/^req_/) });
    expect(res.headers.get('x-request-id')).toBe(res.json.error.requestId);
  });

  it('names the offending fields on a validation failure', async () => {
    const res = await op.issue({ maxUsers: 0, customer: 'x'.repeat(60) });
    expect(res.status).toBe(400);
    expect(res.json.error.details.fields.map((f: any) => f.path).sort()).toEqual(['customer', 'maxUsers']);
  });
});

describe('the client believes only verified answers', () => {
  let proxy: Awaited<ReturnType<typeof startTamperProxy>>;
  let licenseId: string;

  beforeAll(async () => {
    proxy = await startTamperProxy(svc.url);
    licenseId = (await op.issue()).json.id;
  });
  afterAll(() => proxy?.close());

  const viaProxy = (overrides: Partial<Parameters<typeof validateLicenseOnline>[0]> = {}) =>
    check(licenseId, { serverUrl: proxy.url, ...overrides });

  it('a faithful proxy changes nothing (the baseline)', async () => {
    proxy.setMode({ kind: 'pass' });
    expect(await viaProxy()).toMatchObject({ kind: 'verified', status: 'valid' });
  });

  it('refuses a tampered answer (status, terms or time edited)', async () => {
    for (const edit of [
      (a: any) => (a.status = 'revoked'),
      (a: any) => (a.terms.maxUsers = 100000),
      (a: any) => (a.nextCheckAt = '2099-01-01T00:00:00.000Z'),
    ]) {
      proxy.setMode({ kind: 'tamper', edit });
      const result = await viaProxy();
      expect(result).toMatchObject({ kind: 'unreachable', reason: expect.stringContaining('signature') });
    }
  });

  it('refuses a real answer replayed to another request (nonce mismatch)', async () => {
    proxy.setMode({ kind: 'record' });
    expect(await viaProxy()).toMatchObject({ kind: 'verified' });
    proxy.setMode({ kind: 'replay' });
    expect(await viaProxy()).toMatchObject({ kind: 'unreachable', reason: expect.stringContaining('nonce') });
  });

  it('refuses a stale answer (server time too far from our clock)', async () => {
    proxy.setMode({ kind: 'pass' });
    expect(await viaProxy({ now: new Date(Date.now() + 10 * 60_000) })).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('stale'),
    });
    expect(await viaProxy({ now: new Date(Date.now() - 10 * 60_000) })).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('stale'),
    });
  });

  it('refuses an answer signed by a key it does not trust', async () => {
    proxy.setMode({ kind: 'pass' });
    expect(await viaProxy({ trustedKeys: new Map() })).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('does not trust'),
    });
  });

  it.each([408, 429, 500, 503])('treats HTTP %i as unreachable, never as a verdict', async (status) => {
    proxy.setMode({ kind: 'status', status });
    expect(await viaProxy()).toMatchObject({ kind: 'unreachable', httpStatus: status });
  });

  it('treats a timeout and a refused connection as unreachable', async () => {
    proxy.setMode({ kind: 'hang' });
    expect(await viaProxy({ timeoutMs: 300 })).toMatchObject({ kind: 'unreachable', reason: expect.stringContaining('300 ms') });
    expect(await check(licenseId, { serverUrl: 'http://127.0.0.1:1' })).toMatchObject({
      kind: 'unreachable',
      reason: expect.stringContaining('cannot connect'),
    });
  });
});

describe('secrets', () => {
  it('the private key and the operator token appear in no response and no log line', async () => {
    const seedB64 = Buffer.from(svc.pair.seed).toString('base64');
    const seedHex = Buffer.from(svc.pair.seed).toString('hex');
    const secretB64 = Buffer.from(svc.pair.secretKey).toString('base64');
    const secretHex = Buffer.from(svc.pair.secretKey).toString('hex');
    const logs = svc.output();
    const lines = logs.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(20); // the suite above did produce logs to search
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    const everything = `${logs}\n${op.bodies.join('\n')}`;
    expect(op.bodies.length).toBeGreaterThan(20);
    for (const secret of [seedB64, seedHex, secretB64, secretHex, seedB64.slice(0, 20), svc.token, svc.token.slice(7, 30)]) {
      expect(everything.includes(secret), `found secret ${secret.slice(0, 6)}…`).toBe(false);
    }
    // The positive control: the public key id is logged, so the search would see key material.
    expect(logs).toContain(svc.pair.keyId);
  });
});
