import { fork, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { developmentKey } from '../server/license/dev-license';
import { SHIPPED_NODE_FLAGS } from '../build/node-flags';
import { builtExecutable, serveExecutable } from './lib/executable';

/**
 * 100,000 contacts imported through POST /api/import/contacts into a real
 * server process on loopback, the CSV generated and sent a chunk at a time.
 * Prints seconds, rows/s and the server's peak RSS (VmHWM). Bounded: the run
 * is killed after two minutes.
 */
const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const LIMIT_MS = 120_000;

if (process.argv[2] === '--server') {
  const { loadConfig } = await import('../server/config');
  const { startServer } = await import('../server/main');
  const { provisionTenant } = await import('../server/modules/admin-tenants/tenant-provisioning');
  const { licenseManagerOf } = await import('../server/runtime');
  const dataDir = process.argv[3]!;
  const server = await startServer(loadConfig({ dataDir, port: '0', host: '127.0.0.1', logLevel: 'warn' }, process.env), {
    noLicenseValidator: true,
  } as never);
  const license = licenseManagerOf(server.deps);
  if (license && !license.keyText())
    await license.activate(
      developmentKey({ customer: 'Bench', tier: 'ENT', maxUsers: 1000, maxTenants: 10, issuedAt: new Date('2026-01-01T00:00:00Z') }),
    );
  const password = 'Bench-password-2026';
  await provisionTenant(
    server.deps,
    { slug: 'bench', name: 'Bench', owner: { email: 'owner@bench.example.com', name: 'Owner', password } },
    { type: 'system', id: null },
  );
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'owner@bench.example.com', password }),
  });
  const { token } = (await login.json()) as { token: string };
  process.send?.({ url: server.url, token });
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
} else {
  const dataDir = mkdtempSync(join(tmpdir(), 'trasealla-import-bench-'));
  const child = fork(fileURLToPath(import.meta.url), ['--server', dataDir], {
    execArgv: [
      '--import',
      'tsx',
      ...SHIPPED_NODE_FLAGS,
      ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
    ],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const killer = setTimeout(() => {
    console.error(`import bench: over ${LIMIT_MS / 1000} s, stopped`);
    child.kill('SIGKILL');
    process.exit(1);
  }, LIMIT_MS);
  try {
    const { url, token } = await new Promise<{ url: string; token: string }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { url: string; token: string }));
      child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    });
    const before = peakRssMb(child.pid!);
    const run = await timedImport(url, token);
    console.log(`import ${ROWS} contacts (skip-invalid, ${run.companiesCreated} companies found or created) over HTTP`);
    printRun(run.seconds, before, peakRssMb(child.pid!));
  } finally {
    clearTimeout(killer);
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
  await againstTheExecutable();
}

/**
 * The same import against dist/trasealla when it has been built (npm run build:binary): the
 * server operators run, without tsx's transpiler in memory, so its RSS is the one to read.
 */
async function againstTheExecutable(): Promise<void> {
  const binary = builtExecutable();
  if (!binary) return;
  const dir = mkdtempSync(join(tmpdir(), 'trasealla-import-bench-bin-'));
  const password = 'Bench-password-2026';
  writeFileSync(join(dir, 'admin-password'), password, { mode: 0o600 });
  const env = { ...process.env, TRASEALLA_DATA_DIR: join(dir, 'data') };
  const setup = spawnSync(
    binary,
    [
      'setup',
      '--non-interactive',
      '--license-key',
      developmentKey({ customer: 'Bench', tier: 'ENT' }),
      '--company',
      'Bench',
      '--admin-name',
      'Owner',
      '--admin-email',
      'owner@bench.example.com',
      '--admin-password-file',
      join(dir, 'admin-password'),
    ],
    { env, encoding: 'utf8' },
  );
  if (setup.status !== 0) throw new Error(`setup failed: ${setup.stderr}`);
  const server = await serveExecutable(binary, env);
  try {
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@bench.example.com', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const before = peakRssMb(server.pid);
    const run = await timedImport(server.url, token);
    console.log(`the same against dist/trasealla (Node ${server.node})`);
    printRun(run.seconds, before, peakRssMb(server.pid));
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A process's peak resident memory so far (VmHWM), in MB. */
function peakRssMb(pid: number): number {
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024);
}

/** The generated file through POST /api/import/contacts, timed; throws unless every row was created. */
async function timedImport(url: string, token: string): Promise<{ seconds: number; companiesCreated: number }> {
  const started = performance.now();
  const res = await fetch(`${url}/api/import/contacts?mode=skip-invalid`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
    body: generated(ROWS),
    duplex: 'half',
  } as RequestInit);
  const report = (await res.json()) as { counts?: { created: number; companiesCreated: number } };
  const seconds = (performance.now() - started) / 1000;
  if (res.status !== 200 || report.counts?.created !== ROWS)
    throw new Error(`import failed: ${res.status} ${JSON.stringify(report).slice(0, 300)}`);
  return { seconds, companiesCreated: report.counts.companiesCreated };
}

function printRun(seconds: number, rssBefore: number, rssPeak: number): void {
  console.log(`  ${seconds.toFixed(2)} s, ${Math.round(ROWS / seconds)} rows/s`);
  console.log(`  server peak RSS ${rssPeak} MB (${rssBefore} MB before the import)`);
  if (seconds > 10) console.log('  WARNING: slower than the 10 s target');
}

function generated(rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === 0) controller.enqueue(encoder.encode('First name,Last name,Email,Company,Phone,Job title\r\n'));
      let text = '';
      for (const end = Math.min(rows, i + 2000); i < end; i++)
        text += `Person,"Number ${i}",p${i}@load.example,Company ${i % 500},+1 555 ${String(i).padStart(6, '0')},Buyer\r\n`;
      controller.enqueue(encoder.encode(text));
      if (i >= rows) controller.close();
    },
  });
}
