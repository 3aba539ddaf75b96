import Database from 'better-sqlite3';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trasealla } from '../helpers/cli-in-process';
import { ROOT } from '../helpers/cli-process';
import { login } from '../helpers/fixtures';
import { createTestApp } from '../helpers/test-app';
import { setupArgs, tenantCreateArgs } from '../helpers/cli-args';
import { tempDir } from '../helpers/temp-dir';
import { devKey, forgedKey, mistyped } from '../license/helpers';

/*
 * The `trasealla` commands called in process (runTrasealla over a captured io and a temp data
 * directory): their output, --json and exit codes, over the same services the API uses. The
 * binary itself, its prompts in a terminal, signals and real exit statuses are the process
 * tests' (setup.test.ts, operations.test.ts, process-lifecycle.test.ts, demo.test.ts).
 */

const PASSWORD = 'Sturdy-Ops-Pass-42';

function secretFile(dir: string, name: string, value: string): string {
  const file = join(dir, name);
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return file;
}

async function setUp(key = devKey()) {
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  const pw = secretFile(dir, 'pw', PASSWORD);
  const res = await trasealla(setupArgs({ dataDir, key, passwordFile: pw }));
  expect(res.code, res.stderr).toBe(0);
  return { dir, dataDir, pw };
}

function auditRows(dataDir: string, action: string) {
  const db = new Database(join(dataDir, 'trasealla.db'), { readonly: true });
  try {
    return db.prepare('SELECT actor_type, actor_id, request_id, entity FROM audit_log WHERE action = ?').all(action) as {
      actor_type: string;
      actor_id: string | null;
      request_id: string | null;
      entity: string;
    }[];
  } finally {
    db.close();
  }
}

describe('trasealla user, in process', () => {
  it('create, list, deactivate, reactivate, reset-password: the users service as the operator at the command line', async () => {
    const { dir, dataDir } = await setUp();
    const bo = secretFile(dir, 'bo', 'Another-Good-Pass-7');
    const create = await trasealla([
      'user',
      'create',
      '-t',
      'acme',
      '--email',
      'Bo@Acme.example',
      '--name',
      'Bo',
      '--role',
      'admin',
      '--password-file',
      bo,
      '-d',
      dataDir,
      '--json',
    ]);
    expect(create.code, create.stderr).toBe(0);
    expect(create.json()).toMatchObject({ email: 'bo@acme.example', name: 'Bo', role: 'admin', active: true, isOperator: false });
    expect(create.json()).not.toHaveProperty('passwordHash');
    const text = await trasealla([
      'user',
      'create',
      '-t',
      'acme',
      '--email',
      'cy@acme.example',
      '--name',
      'Cy',
      '--password-file',
      bo,
      '-d',
      dataDir,
    ]);
    expect(text).toMatchObject({ code: 0, stdout: 'Added cy@acme.example (member) to acme.\n' });

    const again = await trasealla([
      'user',
      'create',
      '-t',
      'acme',
      '--email',
      'cy@acme.example',
      '--name',
      'Cy',
      '--password-file',
      bo,
      '-d',
      dataDir,
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists in this organisation/);
    const weak = await trasealla([
      'user',
      'create',
      '-t',
      'acme',
      '--email',
      'dee@acme.example',
      '--name',
      'Dee',
      '--password-file',
      secretFile(dir, 'weak', 'short'),
      '-d',
      dataDir,
    ]);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/^\s+password: /m);

    const list = await trasealla(['user', 'list', '-t', 'acme', '-d', dataDir, '--json']);
    expect(list.code).toBe(0);
    expect(list.json().map((u: { email: string }) => u.email)).toEqual(['ana@acme.example', 'bo@acme.example', 'cy@acme.example']);
    expect((await trasealla(['user', 'list', '-t', 'acme', '-d', dataDir])).stdout).toMatch(/^bo@acme\.example\s+admin\s+active {2}Bo$/m);

    const deactivate = await trasealla(['user', 'deactivate', 'CY@acme.example', '-t', 'acme', '-d', dataDir]);
    expect(deactivate).toMatchObject({ code: 0, stdout: 'Deactivated cy@acme.example; their seat is free.\n' });
    expect((await trasealla(['user', 'deactivate', 'cy@acme.example', '-t', 'acme', '-d', dataDir])).stdout).toBe(
      'cy@acme.example was already deactivated.\n',
    );
    expect((await trasealla(['user', 'list', '-t', 'acme', '-d', dataDir, '--json'])).json()).toHaveLength(2);
    const all = (await trasealla(['user', 'list', '-t', 'acme', '--all', '-d', dataDir, '--json'])).json();
    expect(all.find((u: { email: string }) => u.email === 'cy@acme.example')).toMatchObject({ active: false });

    const reactivate = await trasealla(['user', 'reactivate', 'cy@acme.example', '-t', 'acme', '-d', dataDir]);
    expect(reactivate).toMatchObject({ code: 0, stdout: 'Reactivated cy@acme.example; they take a seat again.\n' });
    expect((await trasealla(['user', 'reactivate', 'cy@acme.example', '-t', 'acme', '-d', dataDir])).stdout).toBe(
      'cy@acme.example is already active.\n',
    );

    const reset = await trasealla([
      'user',
      'reset-password',
      'bo@acme.example',
      '-t',
      'acme',
      '--password-file',
      secretFile(dir, 'new', 'Brand-New-Pass-19'),
      '-d',
      dataDir,
    ]);
    expect(reset).toMatchObject({ code: 0, stdout: 'Password changed for bo@acme.example; their sessions were ended.\n' });
    const tooWeak = await trasealla([
      'user',
      'reset-password',
      'bo@acme.example',
      '-t',
      'acme',
      '--password-file',
      join(dir, 'weak'),
      '-d',
      dataDir,
    ]);
    expect(tooWeak.code).toBe(1);
    expect(tooWeak.stderr).toMatch(/^The new password is too weak\.\n\s+password: /);
    const app = await createTestApp({ dataDir });
    await expect(login(app, 'bo@acme.example', 'Brand-New-Pass-19')).resolves.toEqual(expect.any(String));
    await expect(login(app, 'bo@acme.example', 'Another-Good-Pass-7')).rejects.toThrow(/401/);
    await app.close();

    // Audited as the operator at the command line: no account, request "cli".
    for (const action of ['create', 'deactivate', 'reactivate', 'reset_password'])
      expect(auditRows(dataDir, action).filter((r) => r.entity === 'users' && r.request_id === 'cli').length, action).toBeGreaterThan(0);
    expect(auditRows(dataDir, 'deactivate')).toEqual([{ actor_type: 'operator', actor_id: null, request_id: 'cli', entity: 'users' }]);
  }, 60_000);

  it('says what is wrong: no such organisation or person, the last owner, no password, no database', async () => {
    const { dir, dataDir } = await setUp();
    const noTenant = await trasealla(['user', 'list', '-t', 'nope', '-d', dataDir]);
    expect(noTenant).toMatchObject({ code: 1, stderr: 'There is no organisation "nope". See "trasealla tenant list".\n' });
    const noUser = await trasealla(['user', 'deactivate', 'zed@acme.example', '-t', 'acme', '-d', dataDir]);
    expect(noUser).toMatchObject({
      code: 1,
      stderr: 'There is no user zed@acme.example in this organisation. See "trasealla user list".\n',
    });
    const lastOwner = await trasealla(['user', 'deactivate', 'ana@acme.example', '-t', 'acme', '-d', dataDir]);
    expect(lastOwner).toMatchObject({
      code: 1,
      stderr: 'An organisation needs at least one active owner. Make someone else an owner first.\n',
    });
    const noPassword = await trasealla(['user', 'create', '-t', 'acme', '--email', 'e@acme.example', '--name', 'E', '-d', dataDir]);
    expect(noPassword).toMatchObject({ code: 2, stderr: 'No password: pass --password-file or set TRASEALLA_USER_PASSWORD.\n' });
    const noDatabase = await trasealla(['user', 'list', '-t', 'acme', '-d', join(dir, 'elsewhere')]);
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr).toMatch(/^There is no Trasealla database in .*elsewhere\. Run "trasealla setup --data-dir/);
    const badRole = await trasealla([
      'user',
      'create',
      '-t',
      'acme',
      '--email',
      'e@acme.example',
      '--name',
      'E',
      '--role',
      'king',
      '-d',
      dataDir,
    ]);
    expect(badRole.code).toBe(2);
    expect(badRole.stderr).toMatch(/Allowed choices are owner, admin, member, viewer/);
  }, 60_000);

  it('asks for the password twice at a terminal, again when the two differ', async () => {
    const { dataDir } = await setUp();
    const answers = ['First-Try-Pass-31', 'Not-The-Same-Pass-99', 'Second-Try-Pass-32', 'Second-Try-Pass-32'];
    const asked: string[] = [];
    const res = await trasealla(['user', 'create', '-t', 'acme', '--email', 'fay@acme.example', '--name', 'Fay', '-d', dataDir], {
      prompts: {
        password: async ({ message }) => {
          asked.push(message);
          return answers.shift()!;
        },
      },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(asked).toEqual(['Password:', 'Repeat the password:', 'Password:', 'Repeat the password:']);
    expect(res.stdout).toBe('The passwords do not match. Try again.\nAdded fay@acme.example (member) to acme.\n');
    const app = await createTestApp({ dataDir });
    await expect(login(app, 'fay@acme.example', 'Second-Try-Pass-32')).resolves.toEqual(expect.any(String));
    await app.close();
  }, 60_000);
});

describe('trasealla tenant, in process', () => {
  it('create, list, suspend, resume: the operators tenant service, audited as the command-line operator', async () => {
    const { dir, dataDir } = await setUp(devKey({ maxUsers: 10, maxTenants: 3 }));
    const owner = secretFile(dir, 'owner', 'Beta-Owner-Pass-1');
    const created = await trasealla([
      'tenant',
      'create',
      '--slug',
      'beta',
      '--name',
      'Beta Clinic',
      '--owner-email',
      'Boss@Beta.example',
      '--owner-name',
      'B. Oss',
      '--owner-password-file',
      owner,
      '--operator',
      '-d',
      dataDir,
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.json()).toMatchObject({
      tenant: { slug: 'beta', name: 'Beta Clinic', status: 'active', settings: { timezone: expect.any(String) } },
      owner: { id: expect.stringMatching(/^usr_/), email: 'boss@beta.example' },
    });
    expect(Object.keys(created.json().owner)).toEqual(['id', 'email']);
    const gamma = await trasealla(
      tenantCreateArgs({ dataDir, slug: 'gamma', name: 'Gamma', ownerEmail: 'g@gamma.example', ownerName: 'G', passwordFile: owner }),
    );
    expect(gamma).toMatchObject({ code: 0, stdout: 'Created organisation Gamma (gamma) with owner g@gamma.example.\n' });
    const taken = await trasealla(
      tenantCreateArgs({ dataDir, slug: 'gamma', name: 'Gamma 2', ownerEmail: 'g@gamma.example', ownerName: 'G', passwordFile: owner }),
    );
    expect(taken).toMatchObject({ code: 1, stderr: 'That slug is taken. Choose another.\n  slug: Already in use.\n' });
    const badSlug = await trasealla(
      tenantCreateArgs({ dataDir, slug: 'Bad_Slug', name: 'X', ownerEmail: 'x@x.example', ownerName: 'X', passwordFile: owner }),
    );
    expect(badSlug.code).toBe(2);

    const list = await trasealla(['tenant', 'list', '-d', dataDir, '--json']);
    expect(list.code).toBe(0);
    expect(list.json().map((t: { slug: string; activeUsers: number }) => [t.slug, t.activeUsers])).toEqual([
      ['acme', 1],
      ['beta', 1],
      ['gamma', 1],
    ]);

    expect(await trasealla(['tenant', 'suspend', 'beta', '-d', dataDir])).toMatchObject({ code: 0, stdout: 'Suspended beta.\n' });
    expect((await trasealla(['tenant', 'suspend', 'beta', '-d', dataDir])).stdout).toBe('beta was already suspended.\n');
    expect((await trasealla(['tenant', 'list', '-d', dataDir])).stdout).toMatch(/^beta\s+suspended\s+1 users {2}Beta Clinic$/m);
    // The people of a suspended organisation can still be managed from the command line.
    expect((await trasealla(['user', 'list', '-t', 'beta', '-d', dataDir, '--json'])).json()).toHaveLength(1);
    const app = await createTestApp({ dataDir });
    await expect(login(app, 'boss@beta.example', 'Beta-Owner-Pass-1')).rejects.toThrow(/403/);
    await app.close();
    expect(await trasealla(['tenant', 'resume', 'beta', '-d', dataDir])).toMatchObject({ code: 0, stdout: 'Resumed beta.\n' });
    expect((await trasealla(['tenant', 'resume', 'beta', '-d', dataDir])).stdout).toBe('beta was already active.\n');
    expect(await trasealla(['tenant', 'suspend', 'nope', '-d', dataDir])).toMatchObject({
      code: 1,
      stderr: 'There is no organisation "nope". See "trasealla tenant list".\n',
    });

    expect(auditRows(dataDir, 'suspend')).toEqual([{ actor_type: 'operator', actor_id: null, request_id: 'cli', entity: 'tenants' }]);
    expect(auditRows(dataDir, 'resume')).toEqual([{ actor_type: 'operator', actor_id: null, request_id: 'cli', entity: 'tenants' }]);
  }, 60_000);

  it('an instance never set up has no organisations, and creating one needs the license (exit 10)', async () => {
    const dataDir = tempDir();
    expect((await trasealla(['migrate', '-d', dataDir])).code).toBe(0);
    expect(await trasealla(['tenant', 'list', '-d', dataDir])).toMatchObject({
      code: 0,
      stdout: 'No organisations yet. Run "trasealla setup".\n',
    });
    expect((await trasealla(['tenant', 'list', '-d', dataDir, '--json'])).json()).toEqual([]);
    const pw = secretFile(tempDir(), 'pw', PASSWORD);
    const create = await trasealla(
      tenantCreateArgs({ dataDir, slug: 'beta', name: 'Beta', ownerEmail: 'b@beta.example', ownerName: 'B', passwordFile: pw }),
    );
    expect(create.code).toBe(10);
    expect(create.stderr).toMatch(/has not been set up yet.*trasealla setup --data-dir/);
  }, 60_000);
});

describe('the license limits, in process', () => {
  it('refuses the N+1th user, reactivation over the limit and the tenant over the limit with exit 10; deactivating frees a seat', async () => {
    const { dir, dataDir } = await setUp(devKey({ maxUsers: 2, maxTenants: 1 }));
    const pw = secretFile(dir, 'user-pw', 'Another-Good-Pass-7');
    const create = (email: string) =>
      trasealla(['user', 'create', '-t', 'acme', '--email', email, '--name', email.split('@')[0]!, '--password-file', pw, '-d', dataDir]);
    expect((await create('bo@acme.example')).code).toBe(0);
    const over = await create('cy@acme.example');
    expect(over.code).toBe(10);
    expect(over.stderr).toMatch(/allows 2 active users/);
    expect((await trasealla(['user', 'deactivate', 'bo@acme.example', '-t', 'acme', '-d', dataDir])).stdout).toMatch(/seat is free/);
    expect((await create('cy@acme.example')).code).toBe(0);
    const reactivate = await trasealla(['user', 'reactivate', 'bo@acme.example', '-t', 'acme', '-d', dataDir]);
    expect(reactivate.code).toBe(10);
    expect(reactivate.stderr).toMatch(/allows 2 active users/);
    const list = (await trasealla(['user', 'list', '-t', 'acme', '-d', dataDir, '--json'])).json() as { email: string }[];
    expect(list.map((u) => u.email).sort()).toEqual(['ana@acme.example', 'cy@acme.example']);

    const tenant = await trasealla(
      tenantCreateArgs({ dataDir, slug: 'beta', name: 'Beta', ownerEmail: 'b@beta.example', ownerName: 'B', passwordFile: pw }),
    );
    expect(tenant.code).toBe(10);
    expect(tenant.stderr).toMatch(/allows 1 organisation/);

    const status = await trasealla(['license', 'status', '-d', dataDir, '--json']);
    expect(status.code).toBe(0);
    expect(status.json()).toMatchObject({ status: 'active', seats: { used: 2, licensed: 2 }, tenants: { used: 1, licensed: 1 } });
  }, 60_000);
});

describe('trasealla setup and license, in process', () => {
  it('a re-run changes nothing; a newer key updates; another customer needs --force; typo and forgery differ; status reports it', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const pwFile = secretFile(dir, 'pw', PASSWORD);
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, devKey({ maxUsers: 5, maxTenants: 2 }) + '\n');
    const args = setupArgs({ dataDir, keyFile, passwordFile: pwFile, company: 'Acme Health GmbH', adminName: 'Ana Ops' });
    const first = await trasealla(args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Organisation:\s+Acme Health GmbH \(tenant acme-health-gmbh\) \(created\)/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'instance-secret')).mode & 0o777).toBe(0o600);
    const snapshot = () => {
      const db = new Database(join(dataDir, 'trasealla.db'), { readonly: true });
      const rows = db
        .prepare(
          "SELECT (SELECT count(*) FROM tenants) t, (SELECT count(*) FROM users) u, (SELECT group_concat(key || '=' || value) FROM instance_settings WHERE key <> 'clock.high_water') s",
        )
        .get();
      db.close();
      return rows;
    };
    const before = snapshot();
    const again = await trasealla([...args, '--json']);
    expect(again.code).toBe(0);
    expect(snapshot()).toEqual(before);
    expect(again.json()).toMatchObject({
      licenseChanged: false,
      tenant: { slug: 'acme-health-gmbh', created: false },
      owner: { created: false },
    });

    const status = await trasealla(['license', 'status', '--data-dir', dataDir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^Status:\s+active$/m);
    expect(status.stdout).toMatch(/^Users:\s+1 of 5$/m);
    expect(status.stdout).toMatch(/^Validation:\s+air-gapped$/m);

    writeFileSync(keyFile, devKey({ maxUsers: 9, maxTenants: 2, issuedAt: new Date('2026-06-01T00:00:00Z') }));
    const newer = await trasealla(args);
    expect(newer.code, newer.stderr).toBe(0);
    expect(newer.stdout).toMatch(/\(activated\)/);
    expect(newer.stdout).not.toMatch(/\(created\)/);

    writeFileSync(keyFile, devKey({ customer: 'Other Corp', maxUsers: 3 }));
    const other = await trasealla(args);
    expect(other.code).toBe(9);
    expect(other.stderr).toMatch(/licensed to "Acme Health".*--force/);
    expect((await trasealla([...args, '--force'])).code).toBe(0);
    expect((await trasealla(['license', 'status', '--data-dir', dataDir, '--json'])).json()).toMatchObject({ customer: 'Other Corp' });

    const fresh = join(dir, 'fresh');
    const withKey = (key: string) => [
      'setup',
      '--non-interactive',
      '--data-dir',
      fresh,
      '--license-key',
      key,
      '--company',
      'X Co',
      '--admin-name',
      'X',
      '--admin-email',
      'x@x.example',
      '--admin-password-file',
      pwFile,
    ];
    const typo = await trasealla(withKey(mistyped(devKey())));
    expect(typo.code).toBe(5);
    expect(typo.stderr).toMatch(/looks mistyped near character \d+/);
    const forged = await trasealla(withKey(forgedKey()));
    expect(forged.code).toBe(6);
    expect(forged.stderr).toMatch(/not signed by Trasealla/);
    expect(() => statSync(fresh)).toThrow();
    for (const out of [first, again, newer, other, typo, forged]) expect(out.stdout + out.stderr).not.toContain(PASSWORD);
    const written = readdirSync(dataDir)
      .filter((f) => !statSync(join(dataDir, f)).isDirectory())
      .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
      .join('\n');
    expect(written).not.toContain(PASSWORD);
  }, 60_000);

  it('says which setting is missing, and never takes the password from a flag', async () => {
    const missing = await trasealla([
      'setup',
      '--non-interactive',
      '--data-dir',
      tempDir(),
      '--license-key',
      devKey(),
      '--company',
      'A',
      '--admin-name',
      'A',
      '--admin-email',
      'a@a.example',
    ]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/password is missing: pass --admin-password-file or set TRASEALLA_ADMIN_PASSWORD/);
    const flag = await trasealla(['setup', '--admin-password', 'x']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/unknown option '--admin-password'/);
  });

  it('license update: the same key changes nothing; a mistyped one exits 5; import-renewal of a missing file exits 1', async () => {
    const key = devKey();
    const { dir, dataDir } = await setUp(key);
    const same = await trasealla(['license', 'update', key, '-d', dataDir, '--json']);
    expect(same).toMatchObject({ code: 0 });
    expect(same.json()).toMatchObject({ changed: false });
    expect((await trasealla(['license', 'update', mistyped(key), '-d', dataDir])).code).toBe(5);
    const renewal = await trasealla(['license', 'import-renewal', join(dir, 'nothing.txt'), '-d', dataDir]);
    expect(renewal).toMatchObject({ code: 1, stderr: `Cannot read ${join(dir, 'nothing.txt')}: ENOENT.\n` });
    const validate = await trasealla(['license', 'validate', '-d', dataDir, '--json']);
    expect(validate.code).toBe(0);
    expect(validate.json()).toMatchObject({ result: 'skipped', license: { status: 'active' } });
  }, 60_000);
});

describe('backup, restore and doctor, in process', () => {
  it('backup writes one owner-only, self-contained file; restore brings it back; doctor finds it healthy; each refusal says why', async () => {
    const { dir, dataDir } = await setUp();
    const folder = join(dir, 'backups');
    const backup = await trasealla(['backup', join(folder, 'crm.db'), '-d', dataDir, '--json']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.json()).toEqual({
      file: join(folder, 'crm.db'),
      bytes: expect.any(Number),
      pages: expect.any(Number),
      schemaVersion: expect.any(Number),
      integrity: 'ok',
    });
    expect(backup.stderr).toMatch(/Backing up: 100%/);
    expect(readdirSync(folder)).toEqual(['crm.db']);
    expect(statSync(join(folder, 'crm.db')).mode & 0o777).toBe(0o600);
    const copy = new Database(join(folder, 'crm.db'), { readonly: true });
    expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    expect(readdirSync(folder)).toEqual(['crm.db']);

    const exists = await trasealla(['backup', join(folder, 'crm.db'), '-d', dataDir]);
    expect(exists).toMatchObject({
      code: 1,
      stderr: `${join(folder, 'crm.db')} already exists. Choose a new file name; backups are never overwritten.\n`,
    });
    expect(await trasealla(['backup', join(folder, 'x.db'), '-d', join(dir, 'none')])).toMatchObject({
      code: 1,
      stderr: `There is no database in ${join(dir, 'none')}. Check --data-dir.\n`,
    });

    const restoredDir = join(dir, 'restored');
    const restored = await trasealla(['restore', join(folder, 'crm.db'), '-d', restoredDir]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/^Restored into .*restored \(integrity ok, schema \d+\)\.\n$/);
    expect(restored.stderr).toMatch(/^Checking the backup…\nRestoring: /);
    const notEmpty = await trasealla(['restore', join(folder, 'crm.db'), '-d', restoredDir]);
    expect(notEmpty).toMatchObject({
      code: 1,
      stderr: `${restoredDir} is not empty. Restore into an empty directory, or add --force to replace its database.\n`,
    });
    const forced = await trasealla(['restore', join(folder, 'crm.db'), '-d', restoredDir, '--force', '--json']);
    expect(forced.code).toBe(0);
    expect(forced.json()).toEqual({ dataDir: restoredDir, integrity: 'ok', schemaVersion: backup.json().schemaVersion });
    const notSqlite = secretFile(dir, 'not-a-db', 'hello');
    expect(await trasealla(['restore', notSqlite, '-d', join(dir, 'other')])).toMatchObject({
      code: 1,
      stderr: `${notSqlite} is not a SQLite database.\n`,
    });
    expect(await trasealla(['restore', join(dir, 'missing.db'), '-d', join(dir, 'other')])).toMatchObject({
      code: 1,
      stderr: `${join(dir, 'missing.db')} does not exist.\n`,
    });

    // The restored instance signs in with the same people.
    const app = await createTestApp({ dataDir: restoredDir });
    await expect(login(app, 'ana@acme.example', PASSWORD)).resolves.toEqual(expect.any(String));
    await app.close();

    const doctor = await trasealla(['doctor', '-d', restoredDir, '--json']);
    expect(doctor.code).toBe(0);
    const report = doctor.json() as { ok: boolean; checks: { name: string; level: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.name)).toEqual(['data directory', 'instance secret', 'disk space', 'schema', 'integrity', 'license']);
    expect(report.checks.find((c) => c.name === 'license')?.level).toBe('ok');
    const text = await trasealla(['doctor', '-d', dataDir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^ok {4}integrity\s+integrity_check ok$/m);
  }, 60_000);

  it('doctor exits 1 when a check fails, after printing every check', async () => {
    const missing = join(tempDir(), 'missing');
    const res = await trasealla(['doctor', '-d', missing]);
    expect(res).toMatchObject({ code: 1, stderr: '' });
    expect(res.stdout).toMatch(/^FAIL {2}data directory\s+.*does not exist/);
    const json = await trasealla(['doctor', '-d', missing, '--json']);
    expect(json.code).toBe(1);
    expect(json.json()).toMatchObject({ ok: false, checks: [{ name: 'data directory', level: 'fail' }] });
  });
});

describe('migrate and version, in process', () => {
  it('migrate creates and upgrades the database, and says so', async () => {
    const dataDir = tempDir();
    const first = await trasealla(['migrate', '--data-dir', dataDir, '--json']);
    expect(first.code).toBe(0);
    expect(first.json()).toMatchObject({ from: 0, applied: expect.any(Array) });
    const again = await trasealla(['migrate', '--data-dir', dataDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Schema is current/);
  });

  it('a database from a newer release: migrate exits 4 and every command that opens it refuses the same way', async () => {
    const dataDir = tempDir();
    expect((await trasealla(['migrate', '--data-dir', dataDir])).code).toBe(0);
    const db = new Database(join(dataDir, 'trasealla.db'));
    db.pragma('user_version = 999');
    db.close();
    for (const args of [['migrate'], ['license', 'status'], ['tenant', 'list']]) {
      const res = await trasealla([...args, '--data-dir', dataDir]);
      expect(res.code, args.join(' ')).toBe(4);
      expect(res.stderr).toMatch(/newer release/);
    }
    const doctor = await trasealla(['doctor', '--data-dir', dataDir, '--json']);
    expect(doctor.json().checks.find((c: { name: string }) => c.name === 'schema')).toMatchObject({ level: 'fail' });
  });

  it('version prints release and schema version, also as JSON', async () => {
    const text = await trasealla(['version']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^trasealla \d+\.\d+\.\d+ \(schema \d+, node v\d+/);
    const json = await trasealla(['version', '--json']);
    const migrations = JSON.parse(readFileSync(join(ROOT, 'server/db/migrations/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
    expect(json.json()).toMatchObject({
      version: JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version,
      schemaVersion: migrations.entries.length,
      build: 'development',
    });
  });

  it('wrong commands and flags exit 2 with commander’s sentence; bad configuration exits 3', async () => {
    const unknown = await trasealla(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'frobnicate'/);
    expect((await trasealla(['user', 'list'])).code).toBe(2); // --tenant is required
    const badPort = await trasealla(['serve', '--port', 'not-a-port', '--data-dir', tempDir()]);
    expect(badPort.code).toBe(3);
    expect(badPort.stderr).toMatch(/--port \/ PORT/);
    const help = await trasealla(['user', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/reactivate/);
  });
});
