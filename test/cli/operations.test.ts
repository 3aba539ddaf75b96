import { describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../server/config';
import { createLogger } from '../../platform/logger';
import { startServer } from '../../server/main';
import { licenseManagerOf } from '../../server/runtime';
import { runCli, startCli } from '../helpers/cli-process';
import { setupArgs } from '../helpers/cli-args';
import { tempDir } from '../helpers/temp-dir';
import { devKey } from '../license/helpers';

const CLI = 'cli/main.ts';
const PASSWORD = 'Sturdy-Ops-Pass-42';

async function setUp(key: string) {
  const dir = tempDir();
  const dataDir = join(dir, 'data');
  const pw = join(dir, 'pw');
  writeFileSync(pw, PASSWORD, { mode: 0o600 });
  const res = await runCli(CLI, setupArgs({ dataDir, key, passwordFile: pw }));
  expect(res.code, res.stderr).toBe(0);
  return { dir, dataDir, pw };
}

/** A local listener standing in for the license service: counts every request it gets. */
async function countingListener() {
  let count = 0;
  const server = createServer((_req, res) => {
    count++;
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    count: () => count,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('trasealla user / tenant: the license limits apply in the CLI too', () => {
  // The whole scenario (deactivating frees a seat, reactivating over the limit, list) runs in
  // process in commands-in-process.test.ts; here the binary's own exit code and stderr.
  it('refuses the N+1th user and the tenant over the limit with exit 10', async () => {
    const { dataDir } = await setUp(devKey({ maxUsers: 1, maxTenants: 1 }));
    const over = await runCli(CLI, ['user', 'create', '-t', 'acme', '--email', 'bo@acme.example', '--name', 'Bo', '-d', dataDir], {
      env: { TRASEALLA_USER_PASSWORD: 'Another-Good-Pass-7' },
    });
    expect(over.code).toBe(10);
    expect(over.stderr).toMatch(/allows 1 active users/);

    const tenant = await runCli(
      CLI,
      ['tenant', 'create', '--slug', 'beta', '--name', 'Beta', '--owner-email', 'b@beta.example', '--owner-name', 'B', '-d', dataDir],
      {
        env: { TRASEALLA_OWNER_PASSWORD: 'Beta-Owner-Pass-1' },
      },
    );
    expect(tenant.code).toBe(10);
    expect(tenant.stderr).toMatch(/allows 1 organisation/);
  }, 120_000);
});

describe('air-gapped licenses never phone home', () => {
  it('a served air-gapped instance and "license validate" make zero outbound requests; an online one checks at start', async () => {
    const listener = await countingListener();
    const { dataDir } = await setUp(devKey({ policy: { mode: 'air-gapped' } }));
    const env = { TRASEALLA_LICENSE_SERVER: listener.url };
    const server = startCli(CLI, ['serve', '-d', dataDir, '--port', '0', '--host', '127.0.0.1'], env);
    const [, url] = await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@acme.example', password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const validate = await runCli(CLI, ['license', 'validate', '-d', dataDir], { env });
    expect(validate.stdout).toMatch(/No check made: air-gapped/);
    expect(await server.stop()).toBe(0);
    expect(listener.count()).toBe(0);

    // Control: the same listener does see an online instance's check at start.
    const online = await startServer(loadConfig({ dataDir: tempDir(), port: '0', host: '127.0.0.1', licenseServer: listener.url }, {}), {
      logger: createLogger({ level: 'silent' }),
    });
    await licenseManagerOf(online.deps)!.activate(devKey({ policy: { mode: 'online', checkIntervalDays: 7, graceDays: 14 } }));
    await online.validator!.runOnce();
    expect(listener.count()).toBeGreaterThanOrEqual(1);
    await online.close();
    await listener.close();
  }, 120_000);
});

describe('backup and restore', () => {
  it('a backup taken while writes are in flight restores into a new data directory with every write acknowledged before it began', async () => {
    const { dir, dataDir } = await setUp(devKey());
    const server = startCli(CLI, ['serve', '-d', dataDir, '--port', '0', '--host', '127.0.0.1']);
    const [, url] = await server.waitFor(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/);
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ana@acme.example', password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };

    const acknowledged: string[] = [];
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        const name = `key-${n++}`;
        const res = await fetch(`${url}/api/api-keys`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ name, scopes: ['read'] }),
        });
        if (res.status === 201) acknowledged.push(name);
        else throw new Error(`write failed: ${res.status}`);
      }
    })();
    while (acknowledged.length < 20) await new Promise((r) => setTimeout(r, 20));
    const beforeBackup = [...acknowledged];
    const backupFile = join(dir, 'backup.db');
    const backup = await runCli(CLI, ['backup', backupFile, '-d', dataDir]);
    writing = false;
    await writer;
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toMatch(/Backing up: 100%/);
    expect(acknowledged.length).toBeGreaterThan(beforeBackup.length); // writes really were in flight

    // Never over a data directory a server is using.
    const busy = await runCli(CLI, ['restore', backupFile, '-d', dataDir, '--force']);
    expect(busy.code).toBe(11);
    expect(busy.stderr).toMatch(/is using .* Stop it before restoring/);
    expect(await server.stop()).toBe(0);

    const restoredDir = join(dir, 'restored');
    const restored = await runCli(CLI, ['restore', backupFile, '-d', restoredDir]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/integrity ok/);
    const Database = (await import('better-sqlite3')).default;
    const db = new Database(join(restoredDir, 'trasealla.db'), { readonly: true });
    const names = new Set((db.prepare('SELECT name FROM api_keys').all() as { name: string }[]).map((r) => r.name));
    db.close();
    for (const name of beforeBackup) expect(names.has(name), name).toBe(true);

    // Not over a non-empty directory without --force; doctor finds the restored instance healthy and licensed.
    expect((await runCli(CLI, ['restore', backupFile, '-d', restoredDir])).code).toBe(1);
    const doctor = await runCli(CLI, ['doctor', '-d', restoredDir, '--json']);
    const report = JSON.parse(doctor.stdout) as { ok: boolean; checks: { name: string; level: string }[] };
    expect(report.checks.find((c) => c.name === 'integrity')?.level).toBe('ok');
    expect(report.checks.find((c) => c.name === 'license')?.level).toBe('ok');
  }, 120_000);
});
