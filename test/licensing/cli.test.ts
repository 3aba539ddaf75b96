import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hexToBytes, trustedKeySetOf, verifyKey, verifyRenewal } from '../../licensing/key';
import { runTrasLicense } from './helpers/run-cli';
import { startServiceProcess, type ServiceProcess } from './helpers/service-process';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tras-license-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/);

describe('tras-license in local mode (database file + key file, no network)', () => {
  // Each test stands alone (any order, any subset): a signing key made once, and a database of
  // its own for each test that counts or changes licenses.
  let keyFile: string;
  let db: string;
  let trusted: ReturnType<typeof trustedKeySetOf>;
  let databases = 0;
  const local = (database = db) => ['--db', database, '--key-file', keyFile];
  const freshDb = () => join(dir, `licenses-${++databases}.db`);
  const issue = async (database: string, customer: string, extra: string[] = []) => {
    const run = await runTrasLicense([
      'issue',
      ...local(database),
      '--customer',
      customer,
      '--tier',
      'PRO',
      '--seats',
      '5',
      '--expires',
      '365',
      '--json',
      ...extra,
    ]);
    expect(run.code, run.stderr).toBe(0);
    return run.json() as { id: string; key: string };
  };
  beforeAll(async () => {
    keyFile = join(dir, 'shared-signing-key.json');
    db = join(dir, 'licenses.db');
    const made = await runTrasLicense(['keygen', '--out', keyFile, '--json']);
    expect(made.code, made.stderr).toBe(0);
    trusted = trustedKeySetOf(hexToBytes(made.json().publicKey));
  });

  it('keygen writes the private key 0600, prints key id and public key, and refuses to overwrite without --force', async () => {
    const file = join(dir, 'signing-key.json');
    const run = await runTrasLicense(['keygen', '--out', file, '--json']);
    expect(run.code).toBe(0);
    const out = run.json();
    expect(out.keyId).toMatch(/^[0-9A-Z]{8}$/);
    expect(out.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(out.keyId);
    const again = await runTrasLicense(['keygen', '--out', file]);
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('--force');
    expect(readFileSync(file, 'utf8')).toContain(out.keyId); // untouched
  });

  it('issue prints the key (text and --json); the key verifies with the printed public key', async () => {
    const run = await runTrasLicense([
      'issue',
      ...local(),
      '--customer',
      'Northwind Clinics',
      '--tier',
      'PRO',
      '--seats',
      '25',
      '--tenants',
      '3',
      '--features',
      'api,sso',
      '--expires',
      '365',
      '--policy',
      'online',
      '--check-interval',
      '3',
      '--grace',
      '10',
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const license = run.json();
    expect(license).toMatchObject({ customer: 'Northwind Clinics', tier: 'PRO', maxUsers: 25, maxTenants: 3, features: ['api', 'sso'] });
    const verified = verifyKey(license.key, { trustedKeys: trusted });
    expect(verified.ok && verified.terms.policy).toEqual({ mode: 'online', checkIntervalDays: 3, graceDays: 10 });
    const text = await runTrasLicense([
      'issue',
      ...local(),
      '--customer',
      'Perpetual Co',
      '--tier',
      'ENT',
      '--seats',
      '5',
      '--expires',
      'perpetual',
      '--policy',
      'air-gapped',
    ]);
    expect(text.code).toBe(0);
    const key = /TRAS-ENT-[0-9A-Z-]+/.exec(text.stdout)?.[0];
    expect(key && verifyKey(key, { trustedKeys: trusted }).ok).toBe(true);
    expect(text.stdout).toContain('air-gapped');
  });

  it('show prints the license and its audit trail', async () => {
    const { id: licenseId } = await issue(db, 'Show Me Ltd');
    const run = await runTrasLicense(['show', ...local(), licenseId, '--json']);
    expect(run.code).toBe(0);
    const shown = run.json();
    expect(shown).toMatchObject({ id: licenseId, status: 'active', instances: [] });
    expect(shown.audit).toHaveLength(1);
    expect(shown.audit[0]).toMatchObject({ action: 'license.issue', actor: expect.stringMatching(/^cli:/) });
  });

  it('revoke → show says revoked; revoking again exits 4', async () => {
    const { id: licenseId } = await issue(db, 'Revoke Me Ltd');
    const run = await runTrasLicense(['revoke', ...local(), licenseId, '--reason', 'Contract ended']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('revoked');
    const again = await runTrasLicense(['revoke', ...local(), licenseId, '--reason', 'again']);
    expect(again.code).toBe(4);
    expect(again.stderr).toBe('tras-license: This license is already revoked.\n');
  });

  it('list --json returns { data, nextCursor, total } and searches', async () => {
    const own = freshDb();
    const { id: licenseId } = await issue(own, 'Northwind Clinics');
    await issue(own, 'Perpetual Co', ['--expires', 'perpetual']);
    expect((await runTrasLicense(['revoke', ...local(own), licenseId, '--reason', 'Contract ended'])).code).toBe(0);
    const all = (await runTrasLicense(['list', ...local(own), '--json'])).json();
    expect(all.total).toBe(2);
    expect(all.data.map((l: any) => [l.customer, l.status])).toEqual([
      ['Perpetual Co', 'active'],
      ['Northwind Clinics', 'revoked'],
    ]);
    const found = (await runTrasLicense(['list', ...local(own), '-q', 'northwind', '--json'])).json();
    expect(found.data.map((l: any) => l.id)).toEqual([licenseId]);
  });

  it('renew of an air-gapped license writes a renewal document that verifies offline', async () => {
    const issued = (
      await runTrasLicense([
        'issue',
        ...local(),
        '--customer',
        'Bunker AG',
        '--tier',
        'STR',
        '--seats',
        '5',
        '--expires',
        '30',
        '--policy',
        'air-gapped',
        '--json',
      ])
    ).json();
    const out = join(dir, 'renewal.txt');
    const run = await runTrasLicense([
      'renew',
      ...local(),
      issued.id,
      '--expires',
      '2031-01-01',
      '--seats',
      '8',
      '--renewal-out',
      out,
      '--json',
    ]);
    expect(run.code, run.stderr).toBe(0);
    const doc = verifyRenewal(readFileSync(out, 'utf8'), { trustedKeys: trusted, licenseId: issued.id });
    expect(doc.ok && [doc.terms.maxUsers, doc.terms.expiresAt?.toISOString()]).toEqual([8, '2031-01-01T00:00:00.000Z']);
  });

  it.each([
    ['an unknown license', ['show', '--db', '<db>', 'lic_0000000000000000'], 3, 'License not found.'],
    [
      'a bad tier',
      ['issue', '--db', '<db>', '--key-file', '<key>', '--customer', 'A', '--tier', 'GOLD', '--seats', '1', '--expires', '1'],
      2,
      'TRL, STR, PRO or ENT',
    ],
    [
      'a date in the past',
      ['issue', '--db', '<db>', '--key-file', '<key>', '--customer', 'A', '--tier', 'PRO', '--seats', '1', '--expires', '2001-01-01'],
      2,
      'in the past',
    ],
    [
      'issue without a key file',
      ['issue', '--db', '<db>', '--customer', 'A', '--tier', 'PRO', '--seats', '1', '--expires', '1'],
      7,
      'keygen',
    ],
    [
      'a missing key file',
      ['issue', '--db', '<db>', '--key-file', '/nonexistent/k.json', '--customer', 'A', '--tier', 'PRO', '--seats', '1', '--expires', '1'],
      7,
      'does not exist',
    ],
    ['an unknown command', ['frobnicate'], 2, 'unknown command'],
  ])('exits with a documented code and a plain message on %s', async (_name, args, code, message) => {
    const run = await runTrasLicense(args.map((a) => a.replace('<db>', db).replace('<key>', keyFile)));
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(message);
    noStack(run.stderr);
  });
});

describe('tras-license in remote mode against the spawned service', () => {
  let svc: ServiceProcess;
  beforeAll(async () => {
    svc = await startServiceProcess();
  });
  afterAll(() => svc?.stop());
  const remote = () => ['--server', svc.url];

  const env = () => ({ TRAS_LICENSE_TOKEN: svc.token });
  const issueRemote = async (customer: string) => {
    const issued = await runTrasLicense(
      ['issue', ...remote(), '--customer', customer, '--tier', 'ENT', '--seats', '9', '--expires', '90', '--json'],
      env(),
    );
    expect(issued.code, issued.stderr).toBe(0);
    return issued.json() as { id: string; key: string };
  };

  it('issue and list over HTTP with the operator token (from the environment)', async () => {
    const license = await issueRemote('Remote GmbH');
    expect(verifyKey(license.key, { trustedKeys: trustedKeySetOf(svc.pair.publicKey) }).ok).toBe(true);
    const listed = (await runTrasLicense(['list', ...remote(), '-q', 'Remote GmbH', '--json'], env())).json();
    expect(listed.data.map((l: any) => l.id)).toEqual([license.id]);
  });

  it('suspend → resume → revoke over HTTP, all in the service audit log', async () => {
    const { id: remoteId } = await issueRemote('Lifecycle AG');
    expect((await runTrasLicense(['suspend', ...remote(), remoteId, '--json'], env())).json().status).toBe('suspended');
    expect((await runTrasLicense(['resume', ...remote(), remoteId, '--json'], env())).json().status).toBe('active');
    const revoked = await runTrasLicense(['revoke', ...remote(), remoteId, '--reason', 'test', '--json'], env());
    expect(revoked.json()).toMatchObject({ status: 'revoked', statusReason: 'test' });
    const shown = (await runTrasLicense(['show', ...remote(), remoteId, '--json'], env())).json();
    expect(shown.audit.map((a: any) => a.action)).toEqual(['license.revoke', 'license.resume', 'license.suspend', 'license.issue']);
  });

  it('exits 5 on a wrong token and 6 when the service cannot be reached', async () => {
    const wrong = await runTrasLicense(['list', ...remote(), '--token', 'trasop_wrong']);
    expect(wrong.code).toBe(5);
    expect(wrong.stderr).toContain('operator token');
    const down = await runTrasLicense(['list', '--server', 'http://127.0.0.1:1', '--token', 'x']);
    expect(down.code).toBe(6);
    expect(down.stderr).toContain('Cannot reach the license service');
    noStack(down.stderr);
  });
});
