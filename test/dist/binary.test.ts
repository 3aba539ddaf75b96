import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, TRAS_LICENSE_BINARY, TRASEALLA_BINARY, binariesAreCurrent } from '../../build/binary-paths';
import { developmentKey } from '../../server/license/dev-license';
import { skipSuite } from '../helpers/skip';

/*
 * The single executable, end to end, the way an operator meets it: copied alone into an empty
 * folder (no node_modules, no checkout around it), then version → setup → serve → sign in and
 * create a contact → backup → SIGTERM → start again → the contact is there → kill -9 → again.
 * The figures the release notes quote (size, start to /readyz, idle RSS) are printed.
 */
const SKIP = skipSuite(process.env.TRASEALLA_SKIP_BINARY === '1', {
  suite: 'test/dist/binary.test.ts',
  reason: 'TRASEALLA_SKIP_BINARY=1: the single executable is neither built nor run.',
  allowedBy: 'TRASEALLA_SKIP_BINARY',
});

const PASSWORD = 'Sturdy-Ops-Pass-42';
const EMAIL = 'ana@acme.example';

interface Server {
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first 200 from /readyz. */
  readyMs: number;
  output: () => string;
  exited: Promise<number | null>;
}

describe.skipIf(SKIP)('the single executable dist/trasealla', () => {
  let dir: string;
  // Only what a user's shell would have: no NODE_OPTIONS, no npm variables, no tsx loader.
  let env: NodeJS.ProcessEnv;
  const running = new Set<ChildProcess>();

  beforeAll(() => {
    if (!binariesAreCurrent()) {
      const started = Date.now();
      const build = spawnSync('npx', ['tsx', 'build/binary.ts'], { cwd: ROOT, stdio: 'inherit', timeout: 15 * 60_000 });
      expect(build.status, 'npm run build:binary failed').toBe(0);
      console.log(`[binary] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    } else {
      console.log('[binary] reusing the current build in dist/');
    }
    dir = mkdtempSync(join(tmpdir(), 'trasealla-binary-'));
    copyFileSync(TRASEALLA_BINARY, join(dir, 'trasealla'));
    copyFileSync(TRAS_LICENSE_BINARY, join(dir, 'tras-license'));
    spawnSync('chmod', ['755', join(dir, 'trasealla'), join(dir, 'tras-license')]);
    writeFileSync(join(dir, 'admin-password'), `${PASSWORD}\n`, { mode: 0o600 });
    env = { PATH: '/usr/bin:/bin', HOME: dir, TMPDIR: tmpdir(), LOG_LEVEL: 'info' };
  }, 20 * 60_000);

  afterAll(() => {
    for (const child of running) child.kill('SIGKILL');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function run(program: string, args: string[]) {
    const res = spawnSync(join(dir, program), args, { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
  }

  async function serve(): Promise<Server> {
    const started = performance.now();
    const child = spawn(join(dir, 'trasealla'), ['serve', '--port', '0', '--host', '127.0.0.1'], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('close', (code, signal) => {
        running.delete(child);
        resolve(code ?? (signal ? -1 : null));
      }),
    );
    let url: string | undefined;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`serve exited early:\n${output}`);
      if (performance.now() - started > 30_000) throw new Error(`not ready in 30 s:\n${output}`);
      url ??= output.match(/"url":"(http:\/\/127\.0\.0\.1:\d+)"/)?.[1];
      if (url) {
        const res = await fetch(`${url}/readyz`).catch(() => undefined);
        if (res?.status === 200) break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return { child, url, readyMs: performance.now() - started, output: () => output, exited };
  }

  async function signIn(url: string): Promise<string> {
    const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }

  async function contacts(url: string, token: string): Promise<string[]> {
    const res = await fetch(`${url}/api/contacts?limit=200`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: { lastName: string }[] }).data.map((c) => c.lastName);
  }

  async function createContact(url: string, token: string, lastName: string): Promise<void> {
    const res = await fetch(`${url}/api/contacts`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ firstName: 'Grace', lastName }) });
    expect(res.status, await res.clone().text()).toBe(201);
  }

  function rssMiB(pid: number): number {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return kb / 1024;
  }

  it('runs alone from an empty folder: version, setup, serve, sign in, backup, SIGTERM, restart, kill -9, restart', async () => {
    const sizeMiB = statSync(join(dir, 'trasealla')).size / 1024 / 1024;

    const version = run('trasealla', ['version', '--json']);
    expect(version.code, version.stderr).toBe(0);
    const info = JSON.parse(version.stdout) as { version: string; commit: string; schemaVersion: number; node: string; build: string; trustedKeyIds: string[] };
    expect(info).toMatchObject({ version: expect.stringMatching(/^\d+\.\d+\.\d+/), build: 'development', node: expect.stringMatching(/^v24\./) });
    expect(info.commit).toMatch(/^[0-9a-f]{7,}/);
    expect(info.schemaVersion).toBeGreaterThanOrEqual(1);
    expect(info.trustedKeyIds.length).toBeGreaterThanOrEqual(2);
    expect(run('trasealla', ['version']).stdout).toMatch(/^trasealla \d+\.\d+\.\d+ \(schema \d+, node v24\.[\d.]+, commit [0-9a-f]+/);

    // The sales executable verifies a key offline too.
    const key = developmentKey({ customer: 'Acme Health' });
    const inspect = run('tras-license', ['inspect', key]);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout).toMatch(/Acme Health/);

    const setup = run('trasealla', ['setup', '--non-interactive', '--license-key', key, '--company', 'Acme Health', '--admin-name', 'Ana Ops', '--admin-email', EMAIL, '--admin-password-file', 'admin-password']);
    expect(setup.code, setup.stderr).toBe(0);
    expect(existsSync(join(dir, 'data', 'trasealla.db'))).toBe(true);
    expect(`${setup.stdout}${setup.stderr}`).not.toContain(PASSWORD);

    // First start: sign in over HTTP, create a contact, the docs and UI assets come from the executable.
    const first = await serve();
    const token = await signIn(first.url);
    await createContact(first.url, token, 'Hopper');
    expect((await fetch(`${first.url}/api/docs/assets/swagger-ui.css`)).status).toBe(200);
    const home = await fetch(`${first.url}/`);
    expect(home.status).toBe(200);
    // With a built web UI, the executable serves it (unpacked from its assets), not the API page.
    if (existsSync(join(ROOT, 'web', 'dist', 'index.html'))) expect(await home.text()).not.toMatch(/no web interface to show/);

    const backup = run('trasealla', ['backup', 'crm-backup.db']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(statSync(join(dir, 'crm-backup.db')).size).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, 3000));
    const idleRss = rssMiB(first.child.pid!);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/"msg":"stopped"/);

    // Second start: the contact is there; one more is written, then the process is killed outright.
    const second = await serve();
    const token2 = await signIn(second.url);
    expect(await contacts(second.url, token2)).toContain('Hopper');
    await createContact(second.url, token2, 'Lovelace');
    second.child.kill('SIGKILL');
    await second.exited;

    // After kill -9: a clean start (stale pid file, WAL recovered), both contacts there.
    const third = await serve();
    const token3 = await signIn(third.url);
    expect(await contacts(third.url, token3)).toEqual(expect.arrayContaining(['Hopper', 'Lovelace']));
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);

    // The backup restores into a new data directory.
    const restore = run('trasealla', ['restore', 'crm-backup.db', '--data-dir', 'restored']);
    expect(restore.code, restore.stderr).toBe(0);
    expect(existsSync(join(dir, 'restored', 'trasealla.db'))).toBe(true);

    // The sales executable runs the license service too (its migrations ride in it).
    expect(run('tras-license', ['keygen', '--out', 'signing-key.json']).code).toBe(0);
    const operator = JSON.parse(run('tras-license', ['token', '--json']).stdout) as { hash: string };
    const service = spawn(join(dir, 'tras-license'), ['serve', '--port', '0', '--host', '127.0.0.1', '--db', 'license/service.db', '--key-file', 'signing-key.json'], {
      cwd: dir,
      env: { ...env, LICENSE_OPERATOR_TOKEN_HASH: operator.hash },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(service);
    const serviceUrl = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(out);
        if (m) resolve(m[1]!);
      };
      service.stdout!.on('data', onData);
      service.stderr!.on('data', onData);
      service.on('close', () => reject(new Error(`license service exited:\n${out}`)));
    });
    expect((await fetch(`${serviceUrl}/healthz`)).status).toBe(200);
    service.kill('SIGTERM');

    console.log(
      `[binary] dist/trasealla ${sizeMiB.toFixed(1)} MiB; start to /readyz ${first.readyMs.toFixed(0)} ms (first), ${second.readyMs.toFixed(0)} ms (after SIGTERM), ${third.readyMs.toFixed(0)} ms (after kill -9); idle RSS ${idleRss.toFixed(1)} MiB`,
    );
  }, 180_000);
});
