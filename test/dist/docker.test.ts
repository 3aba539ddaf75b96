import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CONFIG_DOC } from '../../server/config';
import { ROOT } from '../helpers/cli-process';
import { skipSuite } from '../helpers/skip';

/*
 * The container files, checked without a container engine: the Dockerfile's shape, the
 * entrypoint's behaviour (with a stand-in trasealla on PATH), the compose files' structure, and
 * .env.example against every variable they and the server read. `docker-compose config` runs
 * (npm test installs Debian's docker-compose; TRASEALLA_SKIP_COMPOSE=1 skips it). The real image build, compose up, interactive setup
 * and the license-service profile are docker/test/container-e2e.sh, the last stage of npm test
 * (test/dist/container.test.ts; TRASEALLA_SKIP_CONTAINER=1 skips it).
 */
const DOCKER = join(ROOT, 'docker');
const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
const compose = parse(readFileSync(join(DOCKER, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, Record<string, unknown> & { healthcheck?: { test: string[] } }>;
  volumes: Record<string, unknown>;
};
const envExample = readFileSync(join(DOCKER, '.env.example'), 'utf8');
const temp = mkdtempSync(join(tmpdir(), 'trasealla-docker-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The Dockerfile's stages: FROM line and the instructions under it. */
function stages(): { from: string; name?: string; body: string }[] {
  return dockerfile.split(/^(?=FROM )/m).filter((s) => s.startsWith('FROM ')).map((body) => {
    const m = /^FROM (\S+)(?: AS (\S+))?/.exec(body)!;
    return { from: m[1]!, name: m[2], body };
  });
}

describe('docker/Dockerfile', () => {
  it('builds on node:24-bookworm-slim and runs on debian:bookworm-slim, the CRM stage last (the default target)', () => {
    const all = stages();
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(all[0]).toMatchObject({ from: 'node:24-bookworm-slim', name: 'build' });
    // One Node in the image: the single executable's. The runtime base has none.
    expect(all.find((s) => s.name === 'runtime')?.from).toBe('debian:bookworm-slim');
    expect(all.filter((s) => s.from.startsWith('node:')).map((s) => s.name)).toEqual(['build']);
    expect(all.at(-1)).toMatchObject({ from: 'runtime', name: 'crm' });
    expect(all.find((s) => s.name === 'license-service')?.from).toBe('runtime');
  });

  it('builds the single executable in the build stage and copies only it into the runtime', () => {
    const build = stages()[0]!.body;
    expect(build).toMatch(/RUN npm ci/);
    expect(build).toMatch(/npm run build:binary/);
    const crm = stages().at(-1)!.body;
    expect(crm).toMatch(/COPY --from=build --chmod=0755 \/src\/dist\/trasealla \/usr\/local\/bin\/trasealla/);
    expect(crm).not.toMatch(/node_modules/);
    const runtimeStages = stages().filter((s) => s.name !== 'build').map((s) => s.body).join('\n');
    // Nothing in the runtime stages runs or copies a separate Node.
    expect(runtimeStages).not.toMatch(/\bnode\b/);
  });

  it('runs as a non-root user with /data as a volume, a /readyz health check and OCI labels', () => {
    const runtime = stages().find((s) => s.name === 'runtime')!.body;
    expect(runtime).toMatch(/useradd --system --uid 10001/);
    expect(runtime).toMatch(/TRASEALLA_DATA_DIR=\/data/);
    for (const label of ['version', 'revision', 'source', 'created', 'licenses', 'vendor']) expect(runtime).toContain(`org.opencontainers.image.${label}=`);
    const crm = stages().at(-1)!.body;
    expect(crm).toMatch(/^USER 10001:10001$/m);
    expect(crm).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(crm).toMatch(/^HEALTHCHECK [^\n]*\\\n\s+CMD \["trasealla-healthcheck"\]$/m);
    expect(runtime).toMatch(/COPY --chmod=0755 docker\/healthcheck.sh \/usr\/local\/bin\/trasealla-healthcheck/);
    expect(readFileSync(join(DOCKER, 'healthcheck.sh'), 'utf8')).toMatch(/\/readyz/);
    expect(crm).toContain('org.opencontainers.image.title=');
    expect(crm).toMatch(/^ENTRYPOINT \["trasealla-entrypoint"\]$/m);
    expect(crm).toMatch(/^CMD \["serve"\]$/m);
  });

  it('leaves local state out of the build context', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', 'dist', '.cache', 'data', 'docker/.env']) expect(ignore).toContain(entry);
  });
});

describe('docker/healthcheck.sh (trasealla-healthcheck in the image)', () => {
  /** A local HTTP server answering 200 on /readyz and /healthz, 503 elsewhere. */
  async function withServer(fn: (port: number) => Promise<void>): Promise<void> {
    const server = createServer((req, res) => {
      res.statusCode = req.url === '/readyz' || req.url === '/healthz' ? 200 : 503;
      res.end(res.statusCode === 200 ? 'ok' : 'not ready');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      await fn((server.address() as AddressInfo).port);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  }
  /** Runs the script asynchronously (the server lives in this process). */
  function check(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('/bin/bash', [join(DOCKER, 'healthcheck.sh'), ...args], { env: { PATH: '/usr/bin:/bin', ...env } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stderr }));
    });
  }

  it('is valid bash', () => {
    expect(spawnSync('/bin/bash', ['-n', join(DOCKER, 'healthcheck.sh')]).status).toBe(0);
  });

  it('exits 0 on 200, 1 with the status line otherwise, and defaults to http://127.0.0.1:$PORT/readyz', async () => {
    await withServer(async (port) => {
      expect((await check([`http://127.0.0.1:${port}/readyz`])).code).toBe(0);
      expect((await check([`http://localhost:${port}/healthz`])).code).toBe(0);
      expect((await check([], { PORT: String(port) })).code).toBe(0);
      const down = await check([`http://127.0.0.1:${port}/other`]);
      expect(down.code).toBe(1);
      expect(down.stderr).toMatch(/answered: HTTP\/1\.1 503/);
      expect((await check(['https://127.0.0.1/readyz'])).code).toBe(1);
    });
    const closed = await check(['http://127.0.0.1:1/readyz']);
    expect(closed.code).toBe(1);
    expect(closed.stderr).toMatch(/no answer/);
  });
});

describe('docker/entrypoint.sh', () => {
  /** Runs the entrypoint with a stand-in `trasealla` that records each call. */
  function entrypoint(args: string[], env: Record<string, string> = {}): string[] {
    const bin = mkdtempSync(join(temp, 'bin-'));
    const log = join(bin, 'calls');
    writeFileSync(join(bin, 'trasealla'), `#!/bin/sh\necho "$*" >> ${log}\n`);
    chmodSync(join(bin, 'trasealla'), 0o755);
    const res = spawnSync('/bin/sh', [join(DOCKER, 'entrypoint.sh'), ...args], { env: { PATH: `${bin}:/usr/bin:/bin`, TRASEALLA_LICENSE_FILE: join(bin, 'none'), TRASEALLA_ADMIN_PASSWORD_FILE: join(bin, 'none'), ...env }, encoding: 'utf8' });
    expect(res.status, res.stderr).toBe(0);
    return readFileSync(log, 'utf8').trim().split('\n');
  }

  it('is valid sh', () => {
    expect(spawnSync('/bin/sh', ['-n', join(DOCKER, 'entrypoint.sh')]).status).toBe(0);
  });

  it('serves by default, without setup when no license is given', () => {
    expect(entrypoint([])).toEqual(['serve']);
  });

  it('runs the idempotent setup before serving when a license key is in the environment', () => {
    expect(entrypoint(['serve'], { TRASEALLA_LICENSE_KEY: 'TRAS-ENT-X' })).toEqual(['setup --non-interactive', 'serve']);
  });

  it('reads the license and password from secret files', () => {
    const secrets = mkdtempSync(join(temp, 'secrets-'));
    writeFileSync(join(secrets, 'license'), 'TRAS-ENT-X');
    writeFileSync(join(secrets, 'pw'), 'Sturdy-Ops-Pass-42');
    const calls = entrypoint(['serve', '--port', '3000'], { TRASEALLA_LICENSE_FILE: join(secrets, 'license'), TRASEALLA_ADMIN_PASSWORD_FILE: join(secrets, 'pw') });
    expect(calls).toEqual([`setup --non-interactive --license-file ${join(secrets, 'license')} --admin-password-file ${join(secrets, 'pw')}`, 'serve --port 3000']);
  });

  it('passes any other command straight through (docker compose run --rm crm setup)', () => {
    expect(entrypoint(['setup'], { TRASEALLA_LICENSE_KEY: 'TRAS-ENT-X' })).toEqual(['setup']);
    expect(entrypoint(['backup', '/data/backups/x.db'])).toEqual(['backup /data/backups/x.db']);
  });
});

describe('docker/docker-compose.yml', () => {
  const crm = compose.services.crm!;

  it('runs the CRM with the image tag from TAG, .env, a named volume, restart unless-stopped and a /readyz health check', () => {
    expect(crm.image).toBe('${TRASEALLA_IMAGE:-trasealla/crm}:${TAG:-latest}');
    expect(crm.restart).toBe('unless-stopped');
    expect(crm.env_file).toBe('.env');
    expect(crm.volumes).toEqual(['crm-data:/data']);
    expect(compose.volumes).toHaveProperty('crm-data');
    expect(crm.healthcheck!.test).toEqual(['CMD', 'trasealla-healthcheck', 'http://127.0.0.1:3000/readyz']);
    expect(crm.build).toMatchObject({ context: '..', dockerfile: 'docker/Dockerfile', target: 'crm' });
    expect(crm.read_only).toBe(true);
    expect(crm.cap_drop).toEqual(['ALL']);
    expect(crm.profiles).toBeUndefined();
  });

  it('has the license service only in the license-service profile', () => {
    const license = compose.services.license!;
    expect(license.profiles).toEqual(['license-service']);
    expect(license.build).toMatchObject({ target: 'license-service' });
    expect(license.healthcheck!.test).toEqual(['CMD', 'trasealla-healthcheck', 'http://127.0.0.1:3100/healthz']);
  });

  it('has PostgreSQL (the official image) only in the postgres profile, its password from the environment with no default', () => {
    const pg = compose.services.postgres!;
    expect(pg.profiles).toEqual(['postgres']);
    expect(pg.image).toBe('postgres:17');
    // A key with no value: compose passes POSTGRES_PASSWORD from .env or the shell; nothing is checked in.
    expect(pg.environment).toEqual({ POSTGRES_PASSWORD: null });
    expect(pg.volumes).toEqual(['postgres-data:/var/lib/postgresql/data']);
    expect(compose.volumes).toHaveProperty('postgres-data');
    expect(pg.healthcheck!.test).toEqual(['CMD', 'pg_isready', '--username', 'postgres', '--dbname', 'postgres']);
    expect(pg.ports).toBeUndefined();
    // The CRM does not depend on it (it would then need the profile too): TRASEALLA_DATABASE_URL in .env points it there.
    expect(crm.depends_on).toBeUndefined();
    for (const doc of [readFileSync(join(DOCKER, 'README.md'), 'utf8'), readFileSync(join(DOCKER, 'docker-compose.yml'), 'utf8')]) {
      expect(doc).toMatch(/docker compose --profile postgres up -d/);
      expect(doc).toMatch(/TRASEALLA_DATABASE_URL=postgres:\/\/trasealla:<[^>]+>@postgres:5432\/trasealla/);
    }
  });

  it('has a secrets overlay whose secret names the entrypoint reads', () => {
    const overlay = parse(readFileSync(join(DOCKER, 'docker-compose.secrets.yml'), 'utf8')) as { services: { crm: { secrets: string[] } }; secrets: Record<string, unknown> };
    expect(overlay.services.crm.secrets).toEqual(['trasealla_license', 'trasealla_admin_password']);
    const entry = readFileSync(join(DOCKER, 'entrypoint.sh'), 'utf8');
    for (const name of overlay.services.crm.secrets) expect(entry).toContain(`/run/secrets/${name}`);
  });
});

describe('docker/.env.example', () => {
  const documented = new Set([...envExample.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]!));

  it('documents every variable the compose files interpolate', () => {
    const text = readFileSync(join(DOCKER, 'docker-compose.yml'), 'utf8');
    const used = new Set([...text.matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]!));
    expect([...used].filter((v) => !documented.has(v))).toEqual([]);
  });

  it('documents every server setting (but the ones the image fixes), the activation and entrypoint variables', () => {
    const fixed = new Set(['TRASEALLA_DATA_DIR', 'HOST', 'PORT']);
    const server = CONFIG_DOC.map((s) => s.env).filter((e) => !fixed.has(e));
    const entry = readFileSync(join(DOCKER, 'entrypoint.sh'), 'utf8');
    const entrypointVars = [...entry.matchAll(/\$\{(TRASEALLA_[A-Z_]+)/g)].map((m) => m[1]!);
    const activation = ['TRASEALLA_LICENSE_KEY', 'TRASEALLA_COMPANY', 'TRASEALLA_TENANT_SLUG', 'TRASEALLA_ADMIN_NAME', 'TRASEALLA_ADMIN_EMAIL', 'TRASEALLA_ADMIN_PASSWORD'];
    expect([...server, ...entrypointVars, ...activation].filter((v) => !documented.has(v))).toEqual([]);
    for (const v of fixed) expect(envExample).toContain(v);
  });
});

const skipCompose = skipSuite(process.env.TRASEALLA_SKIP_COMPOSE === '1', {
  suite: 'test/dist/docker.test.ts "docker-compose config"',
  reason: 'TRASEALLA_SKIP_COMPOSE=1: the compose file is not checked with docker-compose config.',
  allowedBy: 'TRASEALLA_SKIP_COMPOSE',
});
describe.skipIf(skipCompose)('docker-compose config (Debian docker-compose, no engine needed)', () => {
  it('accepts the compose file and the secrets overlay', () => {
    const dir = mkdtempSync(join(temp, 'compose-'));
    for (const f of ['docker-compose.yml', 'docker-compose.secrets.yml']) copyFileSync(join(DOCKER, f), join(dir, f));
    copyFileSync(join(DOCKER, '.env.example'), join(dir, '.env'));
    const plain = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: dir, encoding: 'utf8' });
    expect(plain.status, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/image: trasealla\/crm:latest/);
    const tagged = spawnSync('docker-compose', ['-f', 'docker-compose.yml', 'config'], { cwd: dir, encoding: 'utf8', env: { ...process.env, TAG: '0.1.0' } });
    expect(tagged.stdout).toMatch(/image: trasealla\/crm:0\.1\.0/);
    const profiles = spawnSync('docker-compose', ['-f', 'docker-compose.yml', '--profile', 'license-service', 'config', '--services'], { cwd: dir, encoding: 'utf8' });
    expect(profiles.stdout.split('\n')).toEqual(expect.arrayContaining(['crm', 'license']));
    // The postgres profile takes POSTGRES_PASSWORD from the environment, and is valid without it
    // (the image itself then refuses to initialise: there is no default password).
    const { POSTGRES_PASSWORD: _unset, ...withoutPassword } = process.env;
    const pgArgs = ['-f', 'docker-compose.yml', '--profile', 'postgres', 'config'];
    const pgBare = spawnSync('docker-compose', pgArgs, { cwd: dir, encoding: 'utf8', env: withoutPassword });
    expect(pgBare.status, pgBare.stderr).toBe(0);
    expect(pgBare.stdout).toMatch(/image: postgres:17/);
    const pg = spawnSync('docker-compose', pgArgs, { cwd: dir, encoding: 'utf8', env: { ...withoutPassword, POSTGRES_PASSWORD: 'from-the-shell' } });
    expect(pg.stdout).toMatch(/POSTGRES_PASSWORD: from-the-shell/);
    const overlay = spawnSync('docker-compose', ['-f', 'docker-compose.yml', '-f', 'docker-compose.secrets.yml', 'config'], { cwd: dir, encoding: 'utf8' });
    // docker-compose 1.x checks that secret files exist only when it runs them.
    expect(overlay.status, overlay.stderr).toBe(0);
  });
});
