import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock';
import { createLogger } from '../../platform/logger';
import { LicenseValidator } from '../../server/license/license-validator';
import { bearer, createTenant, json, login, PASSWORD } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { startTamperProxy } from '../licensing/helpers/tamper-proxy';
import { DAY } from './helpers';
import { startDevLicenseService, type DevLicenseService } from './service';

let svc: DevLicenseService;
beforeAll(async () => {
  svc = await startDevLicenseService();
});
afterAll(async () => {
  await svc?.stop();
});

/** A CRM (in process, real SQLite) activated with a key the real service issued; its clock starts at the real time so answers are fresh. */
async function instanceFor(key: string, serverUrl: string) {
  const clock = fixedClock(new Date());
  const t = await createTestApp({ licenseKey: key, clock });
  const validator = new LicenseValidator({
    db: t.deps.data.db('instance'),
    license: t.license!,
    logger: createLogger({ level: 'silent' }),
    serverUrl,
    timeoutMs: 3_000,
  });
  const acme = await createTenant(t, 'acme');
  const token = async () => login(t, acme.owner.email, PASSWORD);
  const write = async (name: string) => t.app.request('/api/tenant', json('PATCH', { name }, await token()));
  const license = async () => (await (await t.app.request('/api/license', bearer(await token()))).json()) as any;
  return { t, clock, validator, write, license, token };
}

const code = async (res: Response) => ((await res.json()) as { error?: { code: string } }).error?.code;

describe('periodic validation against the real license service', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
  });

  it('revoked at the service: read-only after the next check (reads keep working); a replayed old "valid" answer does not undo it', async () => {
    const { id, key } = await svc.issue();
    const proxy = await startTamperProxy(svc.url);
    const crm = await instanceFor(key, proxy.url);
    apps.push(crm.t);
    proxy.setMode({ kind: 'record' });
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'verified', status: 'valid' });
    expect(await crm.license()).toMatchObject({ status: 'active', lastValidation: { result: 'verified', status: 'valid' } });
    expect((await crm.write('Before revocation')).status).toBe(200);

    expect((await svc.op.call('POST', `/v1/licenses/${id}/revoke`, { reason: 'Contract ended' })).status).toBe(200);
    proxy.setMode({ kind: 'pass' });
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'verified', status: 'revoked' });
    const refused = await crm.write('After revocation');
    expect(refused.status).toBe(403);
    expect(await code(refused)).toBe('LICENSE_REVOKED');
    expect((await crm.t.app.request('/api/tenant', bearer(await crm.token()))).status).toBe(200);
    expect(await crm.license()).toMatchObject({ status: 'revoked', readOnly: true });

    // A party in the middle replays the answer recorded while the license was valid.
    proxy.setMode({ kind: 'replay' });
    const replayed = await crm.validator.runOnce();
    expect(replayed).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/nonce/) });
    expect(await code(await crm.write('Replay'))).toBe('LICENSE_REVOKED');
    await proxy.close();
  });

  it('a tampered answer is ignored: it neither revokes nor extends', async () => {
    const { key } = await svc.issue({ expiresAt: new Date(Date.now() + 20 * DAY).toISOString() });
    const proxy = await startTamperProxy(svc.url);
    const crm = await instanceFor(key, proxy.url);
    apps.push(crm.t);
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'verified', status: 'valid' });
    const before = await crm.license();
    proxy.setMode({ kind: 'tamper', edit: (a) => (a.status = 'revoked') });
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/failed verification/) });
    proxy.setMode({ kind: 'tamper', edit: (a) => (a.terms.expiresAt = '2099-01-01T00:00:00.000Z') });
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'unreachable' });
    const after = await crm.license();
    expect(after).toMatchObject({
      status: 'active',
      expiresAt: before.expiresAt,
      lastValidation: { result: 'unreachable', lastGoodAt: before.lastValidation.lastGoodAt },
    });
    expect((await crm.write('Still writable')).status).toBe(200);
    await proxy.close();
  });

  it('renewed at the service: the instance extends with no new key', async () => {
    const { id, key } = await svc.issue({ expiresAt: new Date(Date.now() + 10 * DAY).toISOString() });
    const crm = await instanceFor(key, svc.url);
    apps.push(crm.t);
    expect((await crm.license()).warnings[0]).toMatch(/expires in 10 days/);
    const renewedTo = new Date(Date.now() + 400 * DAY);
    expect((await svc.op.call('POST', `/v1/licenses/${id}/renew`, { expiresAt: renewedTo.toISOString(), maxUsers: 40 })).status).toBe(200);
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'verified', status: 'valid' });
    const lic = await crm.license();
    expect(new Date(lic.expiresAt).getTime()).toBeGreaterThan(Date.now() + 399 * DAY);
    expect(lic).toMatchObject({ warnings: [], seats: { licensed: 40 } });
    expect(crm.t.license!.keyText()).toBe(key.replace(/\s+/g, '').toUpperCase()); // same key
  });

  it('service stopped: the instance keeps working through the grace period (with a warning), then turns read-only', async () => {
    const { key } = await svc.issue(); // online: checks every 7 days, 14 days' grace
    const crm = await instanceFor(key, svc.url);
    apps.push(crm.t);
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'verified' });
    await svc.stop();

    crm.clock.advance(8 * DAY);
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'unreachable', reason: expect.stringMatching(/cannot connect/) });
    const inGrace = await crm.write('During the outage');
    expect(inGrace.status).toBe(200);
    expect(inGrace.headers.get('trasealla-license-warning')).toMatch(/has not confirmed the license since .* read-only in 6 days/);
    expect(await crm.license()).toMatchObject({ status: 'grace', readOnly: false });

    crm.clock.advance(6 * DAY + 60_000);
    expect(await crm.validator.runOnce()).toMatchObject({ kind: 'unreachable' });
    const late = await crm.write('Too late');
    expect(late.status).toBe(403);
    expect(await code(late)).toBe('LICENSE_EXPIRED');
    expect((await crm.t.app.request('/api/users', bearer(await crm.token()))).status).toBe(200);
  });
});
