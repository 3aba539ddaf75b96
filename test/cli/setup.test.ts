import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli-process';
import { setupArgs } from '../helpers/cli-args';
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
  // Re-runs, newer and other customers' keys, typos and missing settings run in process
  // (commands-in-process.test.ts); here the binary: its files, exit codes and output.
  it('activates, creates tenant and owner with private files; a forgery exits 6 and creates nothing; the password is nowhere', async () => {
    const dir = tempDir();
    const dataDir = join(dir, 'data');
    const pwFile = join(dir, 'pw');
    writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    const keyFile = join(dir, 'key');
    writeFileSync(keyFile, devKey({ maxUsers: 5, maxTenants: 2 }) + '\n');
    const args = setupArgs({ dataDir, keyFile, passwordFile: pwFile, company: 'Acme Health GmbH', adminName: 'Ana Ops' });

    const first = await runCli(CLI, args);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/Trasealla CRM is set up/);
    expect(first.stdout).toMatch(/Organisation:\s+Acme Health GmbH \(tenant acme-health-gmbh\) \(created\)/);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'instance-secret')).mode & 0o777).toBe(0o600);

    // The owner signs in through the same database: status shows the license and one seat used.
    const status = await runCli(CLI, ['license', 'status', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({
      status: 'active',
      customer: 'Acme Health',
      seats: { used: 1, licensed: 5 },
      tenants: { used: 1, licensed: 2 },
    });

    const fresh = join(dir, 'fresh');
    const forged = await runCli(CLI, [
      'setup',
      '--non-interactive',
      '--data-dir',
      fresh,
      '--license-key',
      forgedKey(),
      '--company',
      'X Co',
      '--admin-name',
      'X',
      '--admin-email',
      'x@x.example',
      '--admin-password-file',
      pwFile,
    ]);
    expect(forged.code).toBe(6);
    expect(forged.stderr).toMatch(/not signed by Trasealla/);
    expect(forged.stderr).not.toMatch(/mistyped/);
    expect(() => statSync(fresh)).toThrow();

    // The password appears in no output and nowhere in the data directory.
    for (const out of [first, status, forged]) expect(out.stdout + out.stderr).not.toContain(PASSWORD);
    expect(everythingWritten(dataDir)).not.toContain(PASSWORD);
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
