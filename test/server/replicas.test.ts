import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type LongRunning } from '../helpers/cli-process';
import { PASSWORD } from '../helpers/fixtures';
import { freshAppDatabase, skipWithoutPostgres } from '../helpers/postgres';
import { tempDir } from '../helpers/temp-dir';
import { startDevLicenseService, type DevLicenseService } from '../license/service';

/*
 * Two real server processes (`trasealla serve`, each with its own data directory) against one
 * PostgreSQL database, set up by the real `trasealla setup` with an online key from the real
 * license service: what a Helm release with replicaCount 2 runs. Requests alternate between them
 * and race each other on purpose.
 */

const SEATS = 5;

interface Replica {
  process: LongRunning;
  url: string;
}

async function startReplica(env: NodeJS.ProcessEnv): Promise<Replica> {
  const process = startCli('cli/main.ts', ['serve', '--data-dir', tempDir(), '--port', '0', '--host', '127.0.0.1'], env);
  const [, url] = await process.waitFor(/"msg":"listening","url":"(http:[^"]+)"/, 60_000);
  return { process, url: url! };
}

async function call(replica: Replica, method: string, path: string, token?: string, body?: unknown) {
  const res = await fetch(`${replica.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
}

describe.skipIf(skipWithoutPostgres('two server processes against one PostgreSQL'))('two replicas on one PostgreSQL database', () => {
  let license: DevLicenseService;
  let licenseId: string;
  let env: NodeJS.ProcessEnv;
  let a: Replica;
  let b: Replica;
  let token: string;

  beforeAll(async () => {
    license = await startDevLicenseService();
    const issued = await license.issue({ maxUsers: SEATS, maxTenants: 3 });
    licenseId = issued.id;
    const { url } = await freshAppDatabase();
    env = { TRASEALLA_DATABASE_URL: url, TRASEALLA_LICENSE_SERVER: license.url, LOG_LEVEL: 'info' };
    const passwordFile = join(tempDir(), 'admin-password');
    writeFileSync(passwordFile, `${PASSWORD}\n`);
    const setup = await runCli(
      'cli/main.ts',
      [
        'setup',
        '--non-interactive',
        '--yes',
        '--data-dir',
        tempDir(),
        '--license-key',
        issued.key,
        '--company',
        'Replica Health',
        '--admin-name',
        'Rita Replica',
        '--admin-email',
        'rita@replica.example',
        '--admin-password-file',
        passwordFile,
      ],
      { env, timeoutMs: 60_000 },
    );
    expect(setup.code, setup.stderr).toBe(0);
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
    const login = await call(a, 'POST', '/api/auth/login', undefined, { email: 'rita@replica.example', password: PASSWORD });
    expect(login.status).toBe(200);
    token = login.json.token as string;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.process.stop(), b?.process.stop()]);
    await license?.stop();
  });

  it('a token signed by one replica is accepted by the other (the signing key lives in the database)', async () => {
    expect((await call(b, 'GET', '/api/auth/me', token)).status).toBe(200);
  });

  it('a session ended on one replica is refused by the other at its next request (the session is read from the database on every request)', async () => {
    const second = await call(b, 'POST', '/api/auth/login', undefined, { email: 'rita@replica.example', password: PASSWORD });
    const other = second.json.token as string;
    expect((await call(b, 'GET', '/api/auth/me', other)).status).toBe(200);
    expect((await call(a, 'POST', '/api/auth/logout', other)).status).toBeLessThan(300);
    expect((await call(b, 'GET', '/api/auth/me', other)).status).toBe(401);
  });

  it('numbers leads created on both at once without a gap or a duplicate', async () => {
    const creates = Array.from({ length: 40 }, (_, i) => call(i % 2 ? a : b, 'POST', '/api/leads', token, { title: `Lead ${i}` }));
    const results = await Promise.all(creates);
    expect(results.map((r) => r.status)).toEqual(results.map(() => 201));
    const numbers = results.map((r) => Number(String(r.json.number).replace('LED-', ''))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('holds the seat limit when both add people at the same moment', async () => {
    const adds = Array.from({ length: 8 }, (_, i) =>
      call(i % 2 ? a : b, 'POST', '/api/users', token, { email: `p${i}@replica.example`, name: `Person ${i}`, password: PASSWORD }),
    );
    const results = await Promise.all(adds);
    const created = results.filter((r) => r.status === 201).length;
    expect(created).toBe(SEATS - 1); // the owner holds the first seat
    expect(results.filter((r) => r.status !== 201).map((r) => r.json.error.code)).toEqual(
      Array.from({ length: 8 - created }, () => 'LICENSE_SEAT_LIMIT'),
    );
  });

  it('shows a write on one replica in the list total on the other at once', async () => {
    const before = (await call(b, 'GET', '/api/contacts?limit=1', token)).json.total as number;
    expect((await call(a, 'POST', '/api/contacts', token, { firstName: 'Ona', lastName: 'Other' })).status).toBe(201);
    expect((await call(b, 'GET', '/api/contacts?limit=1', token)).json.total).toBe(before + 1);
  });

  it('counts failed sign-ins for an email across both replicas', async () => {
    const attempt = (replica: Replica) =>
      call(replica, 'POST', '/api/auth/login', undefined, { email: 'nobody@replica.example', password: 'Wrong-password-1' });
    for (let i = 0; i < 10; i++) expect((await attempt(i % 2 ? a : b)).status).toBe(401);
    expect((await attempt(a)).status).toBe(429);
    expect((await attempt(b)).status).toBe(429);
  });

  it('runs the license check on exactly one of them, and on the other once the first stops', async () => {
    const instances = async () => (await license.op.call('GET', `/v1/licenses/${licenseId}/instances`)).json.data as { checks: number }[];
    const leaders = () => [a, b].filter((r) => /"msg":"leading/.test(r.process.output()));
    await expect.poll(async () => (await instances())[0]?.checks ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(1);
    expect(leaders()).toHaveLength(1);
    expect(await instances()).toHaveLength(1); // one instance, whichever replica asks
    expect((await instances())[0]!.checks).toBe(1);

    const [leader] = leaders();
    const other = leader === a ? b : a;
    await leader!.process.stop();
    await other.process.waitFor(/"msg":"leading/, 20_000);
    await expect.poll(async () => (await instances())[0]!.checks, { timeout: 20_000 }).toBe(2);
  }, 60_000);
});
