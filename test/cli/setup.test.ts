import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli-process';
import { tempDir } from '../helpers/temp-dir';
import { devKey, forgedKey, mistyped } from '../license/helpers';
import { startInPty } from './pty';

const CLI = 'cli/main.ts';
const PASSWORD = 'Sturdy-Setup-Pass-71';

function everythingWritten(dataDir: string): string {
  // The database and anything else in the data directory, as text: the password must not be anywhere.
  return readdirSync(dataDir)
    .filter((f) => !statSync(join(dataDir, f)).isDirectory())
    .map((f) => readFileSync(join(dataDir, f)).toString('latin1'))
    .join('\n');
}

describe('trasealla setup --non-interactive', () => {
  it('activates, creates tenant and owner; a re-run changes nothing; a newer key updates; another customer needs --force; typo and forgery differ', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, devKey({ maxUsers: 5, maxTenants: 2 }) + '\n');
    const args = [
      'setup',
      '--non-interactive',
      '--data-dir',
      dataDir,
      '--license-file',
      keyFile,
      '--company',
      'Acme Health GmbH',
      '--admin-name',
      'Ana Ops',
      '--admin-email',
      'ana@acme.example',
      '--admin-password-file',
      pwFile,
    ];

    const first = await runCli(CLI, args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Trasealla CRM is set up/);
    expect(first.stdout).toMatch(/Organisation:\s+Acme Health GmbH \(tenant acme-health-gmbh\) \(created\)/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'instance-secret')).mode & 0o777).toBe(0o600);

    const Database = (await import('better-sqlite3')).default;
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
    const again = await runCli(CLI, args);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Nothing to change/);
    expect(snapshot()).toEqual(before);

    // The owner signs in through the same database: status shows the license and one seat used.
    const status = await runCli(CLI, ['license', 'status', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'active',
      customer: 'Acme Health',
      seats: { used: 1, licensed: 5 },
      tenants: { used: 1, licensed: 2 },
    });

    // A newer key for the same customer updates the license; the organisation is left alone.
    writeFileSync(keyFile, devKey({ maxUsers: 9, maxTenants: 2, issuedAt: new Date('2026-06-01T00:00:00Z') }));
    const newer = await runCli(CLI, args);
    expect(newer.code, newer.stderr).toBe(0);
    expect(newer.stdout).toMatch(/\(activated\)/);
    expect(newer.stdout).not.toMatch(/\(created\)/);

    // Another customer's key: refused without --force.
    writeFileSync(keyFile, devKey({ customer: 'Other Corp', maxUsers: 3 }));
    const other = await runCli(CLI, args);
    expect(other.code).toBe(9);
    expect(other.stderr).toMatch(/licensed to "Acme Health".*--force/);
    const forced = await runCli(CLI, [...args, '--force']);
    expect(forced.code, forced.stderr).toBe(0);

    // A typo and a forgery: different messages, different exit codes, nothing created.
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
    const typo = await runCli(CLI, withKey(mistyped(devKey())));
    expect(typo.code).toBe(5);
    expect(typo.stderr).toMatch(/looks mistyped near character \d+/);
    const forged = await runCli(CLI, withKey(forgedKey()));
    expect(forged.code).toBe(6);
    expect(forged.stderr).toMatch(/not signed by Trasealla/);
    expect(forged.stderr).not.toMatch(/mistyped/);
    expect(() => statSync(fresh)).toThrow();

    // The password appears in no output and nowhere in the data directory.
    for (const out of [first, again, newer, other, forced, typo, forged]) expect(out.stdout + out.stderr).not.toContain(PASSWORD);
    expect(everythingWritten(dataDir)).not.toContain(PASSWORD);
  }, 120_000);

  it('says which setting is missing, and never takes the password from a flag', async () => {
    const res = await runCli(
      CLI,
      [
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
      ],
      {
        env: { TRASEALLA_ADMIN_PASSWORD: '' },
      },
    );
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/password is missing: pass --admin-password-file or set TRASEALLA_ADMIN_PASSWORD/);
    const flag = await runCli(CLI, ['setup', '--admin-password', 'x']);
    expect(flag.code).toBe(2);
  }, 120_000);
});

describe('trasealla setup, interactive, in a real pseudo-terminal', () => {
  it('prompts for the key, shows the terms, confirms, asks for the company and admin, re-asks on a mismatched password; a re-run is a no-op', async () => {
    const dataDir = join(tempDir(), 'data');
    const key = devKey({ customer: 'Pty Clinic', maxUsers: 12, maxTenants: 2 });
    const term = startInPty(['setup', '--data-dir', dataDir]);
    await term.expect(/License key:/);
    term.type(`${mistyped(key)}\r`);
    await term.expect(/looks mistyped near character/);
    await term.expect(/License key:/);
    term.type(`${key}\r`);
    await term.expect(/Customer:\s+Pty Clinic/);
    await term.expect(/Users:\s+up to 12/);
    await term.expect(/Activate this license\?/);
    term.type('y\r');
    await term.expect(/Company name:/);
    term.type('Pty Clinic\r');
    await term.expect(/Admin's full name:/);
    term.type('Pat Admin\r');
    await term.expect(/Admin's email:/);
    term.type('pat@pty.example\r');
    await term.expect(/Admin password:/);
    term.type('short\r');
    await term.expect(/at least 10 characters/i);
    term.type('\x7f'.repeat(5) + `${PASSWORD}\r`);
    await term.expect(/Repeat the password:/);
    term.type('Not-The-Same-Pass-99\r');
    await term.expect(/The passwords do not match/);
    await term.expect(/Admin password:/);
    term.type(`${PASSWORD}\r`);
    await term.expect(/Repeat the password:/);
    term.type(`${PASSWORD}\r`);
    await term.expect(/Trasealla CRM is set up/);
    term.close();
    expect(await term.exitCode()).toBe(0);
    expect(term.screen()).toMatch(/Organisation:\s+Pty Clinic \(tenant pty-clinic\) \(created\)/);
    expect(term.raw()).not.toContain(PASSWORD);

    const again = startInPty(
      [
        'setup',
        '--data-dir',
        dataDir,
        '--license-key',
        key,
        '--yes',
        '--company',
        'Pty Clinic',
        '--admin-name',
        'Pat Admin',
        '--admin-email',
        'pat@pty.example',
      ],
      { TRASEALLA_ADMIN_PASSWORD: PASSWORD },
    );
    await again.expect(/Nothing to change/);
    again.close();
    expect(await again.exitCode()).toBe(0);
  }, 120_000);
});
