import { describe, expect, it } from 'vitest';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, startCli } from '../helpers/cli-process';
import { tempDir } from '../helpers/temp-dir';

const CLI = 'cli/main.ts';

async function signIn(url: string, email: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return res;
}

describe('npm run demo (the trasealla demo command as a process)', () => {
  it('creates a demo tenant, prints a login that works, stops cleanly on SIGTERM, and reuses it on the next start', async () => {
    const dataDir = tempDir();
    const first = startCli(CLI, ['demo', '--data-dir', dataDir, '--port', '0']);
    const [, url] = await first.waitFor(/URL:\s+(http:\/\/\S+)/);
    const [, email] = await first.waitFor(/Email:\s+(\S+)/);
    const [, password] = await first.waitFor(/Password:\s+(\S+)/);
    expect(first.output()).toMatch(/demo tenant created/);

    const res = await signIn(url!, email!, password!);
    expect(res.status).toBe(200);
    const { token } = (await res.json()) as { token: string };
    const me = await fetch(`${url}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await me.json()) as { tenant: { slug: string } }).tenant.slug).toBe('demo');
    // First impressions: no "not set up" warning, no expiry warning, no JSON log lines on the terminal.
    expect(first.output()).not.toMatch(/not set up|expires|"level"/);
    const companies = await fetch(`${url}/api/companies?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await companies.json()) as { total: number }).total).toBeGreaterThanOrEqual(40);
    const license = (await (await fetch(`${url}/api/license`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
      warnings: string[];
    };
    expect(license.warnings).toEqual([]);
    // The second login printed is another role's, and it works.
    const [, otherEmail, otherPassword, otherRole] = await first.waitFor(/Also:\s+(\S+) \/ (\S+) \((\w+):/);
    expect(otherRole).not.toBe('owner');
    const other = await signIn(url!, otherEmail!, otherPassword!);
    expect(other.status).toBe(200);
    expect(((await other.json()) as { user: { role: string } }).user.role).toBe(otherRole);
    expect(readFileSync(join(dataDir, 'demo.log'), 'utf8')).toMatch(/"msg":"listening"/);
    expect(await first.stop('SIGTERM')).toBe(0);

    // Activated through the setup code with a development-signed trial key.
    const status = await runCli(CLI, ['license', 'status', '--data-dir', dataDir, '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ status: 'active', tier: 'TRL', customer: 'Demo Company', tenants: { used: 1 } });

    // The data directory is private to the service account.
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dataDir, 'instance-secret')).mode & 0o777).toBe(0o600);

    const second = startCli(CLI, ['demo', '--data-dir', dataDir, '--port', '0']);
    const [, url2] = await second.waitFor(/URL:\s+(http:\/\/\S+)/);
    const [, password2] = await second.waitFor(/Password:\s+(\S+)/);
    expect(password2).toBe(password);
    expect(second.output()).not.toMatch(/demo tenant created/);
    expect((await signIn(url2!, email!, password!)).status).toBe(200);
    expect(await second.stop('SIGINT')).toBe(0);
  }, 90_000);

  it('--empty makes the demo tenant without sample data', async () => {
    const dataDir = tempDir();
    const demo = startCli(CLI, ['demo', '--data-dir', dataDir, '--port', '0', '--empty']);
    const [, url] = await demo.waitFor(/URL:\s+(http:\/\/\S+)/);
    const [, email] = await demo.waitFor(/Email:\s+(\S+)/);
    const [, password] = await demo.waitFor(/Password:\s+(\S+)/);
    const { token } = (await (await signIn(url!, email!, password!)).json()) as { token: string };
    const companies = await fetch(`${url}/api/companies?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    expect(((await companies.json()) as { total: number }).total).toBe(0);
    expect(demo.output()).not.toMatch(/Also:/);
    expect(await demo.stop('SIGTERM')).toBe(0);
  }, 60_000);
});

describe('trasealla command basics', () => {
  // version's text and JSON, and migrate creating then finding the schema current: commands-in-process.test.ts.
  it('bad configuration exits 3 with a plain sentence naming the setting', async () => {
    const res = await runCli(CLI, ['serve', '--port', 'not-a-port', '--data-dir', tempDir()]);
    expect(res.code).toBe(3);
    expect(res.stderr).toMatch(/--port \/ PORT/);
    expect(res.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('an unknown command exits 2', async () => {
    const res = await runCli(CLI, ['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/unknown command/);
  });

  it('a database from a newer release exits 4 and is not touched', async () => {
    const dataDir = tempDir();
    expect((await runCli(CLI, ['migrate', '--data-dir', dataDir])).code).toBe(0);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(dataDir, 'trasealla.db'));
    db.pragma('user_version = 999');
    db.close();
    const res = await runCli(CLI, ['migrate', '--data-dir', dataDir]);
    expect(res.code).toBe(4);
    expect(res.stderr).toMatch(/newer release/);
  });
});
