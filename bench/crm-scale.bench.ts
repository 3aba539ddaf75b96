import type Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RequestContext } from '../server/lib/context';
import { closeData } from '../server/runtime';
import { ownerContext } from './lib/crm-context';
import { crmOps, type Op } from './lib/crm-ops';
import { builtExecutable, serveExecutable } from './lib/executable';
import { measure, printTable, startFixture } from './lib/load';
import { peakRss, percentiles, rssMb } from './lib/percentiles';
import { explainTenantQueries } from './lib/query-plans';
import { BENCH_PASSWORD, seededDataDir } from './fixtures/seed-crm';
import { developmentKey } from '../server/license/dev-license';

/**
 * The CRM at scale (issue "fast at a million records"). Seeds 1,000 tenants x
 * 1,000 contacts (with companies, deals and activities in proportion) and a
 * 10 x 1,000 twin, then:
 *   1. the same service calls in process on both, p50/p99 and the 1M/10k ratio;
 *   2. EXPLAIN QUERY PLAN of every statement those calls run;
 *   3. HTTP on loopback against a server process on the 1M database, 32
 *      connections, beside the node:http ceiling, with the server's peak RSS.
 * BENCH_TENANTS / BENCH_CONTACTS shrink it for a quick look.
 */
const cache = fileURLToPath(new URL('./.cache/', import.meta.url));
const big = { tenants: Number(process.env.BENCH_TENANTS ?? 1000), contactsPerTenant: Number(process.env.BENCH_CONTACTS ?? 1000) };
const small = { tenants: 10, contactsPerTenant: big.contactsPerTenant };
const seconds = Number(process.env.BENCH_SECONDS ?? 5);

for (const shape of [small, big]) {
  const seeded = await seededDataDir(shape, cache);
  console.log(
    `seed ${shape.tenants} x ${shape.contactsPerTenant}: ${seeded.reused ? 'reused cache' : `${seeded.seconds.toFixed(1)} s`} (${seeded.dataDir})`,
  );
}

const opsFor = (ctx: RequestContext): Promise<Op[]> => crmOps(ctx, big.contactsPerTenant);

/**
 * Both sizes timed in turn, call by call (small, big, small, big, …): on a shared machine a
 * burst of load then lands on both sides of the ratio instead of on one of them.
 */
async function inProcess(iterations: number) {
  const atSmallSize = await ownerContext(smallDir, 'tenant-5');
  const atBigSize = await ownerContext(bigDir, `tenant-${Math.floor(big.tenants / 2)}`);
  const smallOps = await opsFor(atSmallSize.ctx);
  const bigOps = await opsFor(atBigSize.ctx);
  const atSmall: Record<string, { p50: number; p99: number }> = {};
  const atBig: Record<string, { p50: number; p99: number }> = {};
  const time = async (op: Op, ctx: RequestContext) => {
    const t0 = performance.now();
    await op.run(ctx);
    return (performance.now() - t0) * 1000;
  };
  for (const [k, smallOp] of smallOps.entries()) {
    const bigOp = bigOps[k]!;
    for (let i = 0; i < Math.min(50, iterations); i++) {
      await smallOp.run(atSmallSize.ctx);
      await bigOp.run(atBigSize.ctx);
    }
    const s: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < iterations; i++) {
      if (i % 2 === 0) {
        s.push(await time(smallOp, atSmallSize.ctx));
        b.push(await time(bigOp, atBigSize.ctx));
      } else {
        b.push(await time(bigOp, atBigSize.ctx));
        s.push(await time(smallOp, atSmallSize.ctx));
      }
    }
    atSmall[smallOp.name] = percentiles(s);
    atBig[bigOp.name] = percentiles(b);
  }
  // This in-process part measures the embedded engine: its query plans and its floor.
  const sqlite = atBigSize.deps.database!.sqlite;
  const plans = await explainTenantQueries(sqlite, async () => {
    for (const op of bigOps) await op.run(atBigSize.ctx);
  });
  const floor = readFloor(sqlite, atBigSize.ctx.scope.tenantId, iterations);
  await closeData(atSmallSize.deps);
  await closeData(atBigSize.deps);
  return { atSmall, atBig, plans, floor };
}

/**
 * The least a GET of one record must read, with no framework around it: the session behind the
 * token (signing out and suspension take effect at once, so it is read on every request) and
 * the record, each an indexed lookup in its own autocommit read, as raw prepared statements.
 * A floor under the HTTP get figure: SQLite takes and drops its file locks for each read.
 */
function readFloor(sqlite: Database.Database, tenantId: string, iterations: number): { p50: number; p99: number } {
  const contactId = sqlite.prepare('SELECT id FROM contacts WHERE tenant_id = ? LIMIT 1 OFFSET 500').pluck().get(tenantId);
  const sessionId = sqlite.prepare('SELECT id FROM sessions LIMIT 1').pluck().get() ?? 'ses_none';
  const session = sqlite
    .prepare(
      'SELECT s.id, s.revoked_at, s.expires_at, u.role, u.active, t.status FROM sessions s JOIN users u ON u.tenant_id = s.tenant_id AND u.id = s.user_id JOIN tenants t ON t.id = s.tenant_id WHERE s.id = ?',
    )
    .raw();
  const record = sqlite.prepare('SELECT * FROM contacts WHERE tenant_id = ? AND id = ?').raw();
  const samples: number[] = [];
  for (let i = 0; i < iterations * 10; i++) {
    const t0 = performance.now();
    session.get(sessionId);
    record.get(tenantId, contactId);
    if (i >= 100) samples.push((performance.now() - t0) * 1000);
  }
  return percentiles(samples);
}

const smallDir = (await seededDataDir(small, cache)).dataDir;
const bigDir = (await seededDataDir(big, cache)).dataDir;
const iterations = Number(process.env.BENCH_ITERATIONS ?? 300);
const timed = await inProcess(iterations);
const atSmall = { results: timed.atSmall };
const atBig = { results: timed.atBig, plans: timed.plans };
const readsFloor = timed.floor;

console.log(
  `\nService calls in process, ${iterations} runs each: ${small.tenants * small.contactsPerTenant} vs ${big.tenants * big.contactsPerTenant} contacts`,
);
console.log('| call | p50 µs (small) | p50 µs (big) | big/small | p99 µs (big) |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const name of Object.keys(atBig.results)) {
  const s = atSmall.results[name]!;
  const b = atBig.results[name]!;
  console.log(`| ${name} | ${s.p50.toFixed(0)} | ${b.p50.toFixed(0)} | ${(b.p50 / s.p50).toFixed(2)}x | ${b.p99.toFixed(0)} |`);
}

console.log(
  `\nFloor under "get one contact": its two indexed reads alone (the session and the record, raw statements, each its own autocommit read): p50 ${readsFloor.p50.toFixed(1)} µs, p99 ${readsFloor.p99.toFixed(1)} µs`,
);

console.log('\nQuery plans at the big size (every statement the calls above ran):');
for (const plan of atBig.plans) {
  console.log(`${plan.ok ? 'ok ' : 'BAD'} ${plan.sql.slice(0, 140).replace(/\s+/g, ' ')}`);
  for (const line of plan.lines) console.log(`      ${line}`);
}

/** The HTTP cases, the same against any server on the big database: its address, a token and ids to aim at. */
async function crmRequests(url: string, auth: Record<string, string>, ids: { contactId: string; companyId: string }, pid: number) {
  return [
    await measure('GET /api/contacts?limit=50&sort=lastName', {
      url: `${url}/api/contacts?limit=50&sort=lastName`,
      headers: auth,
      seconds,
      connections: 32,
      pid,
    }),
    await measure('GET /api/contacts/:id', { url: `${url}/api/contacts/${ids.contactId}`, headers: auth, seconds, connections: 32, pid }),
    await measure('GET /api/search?q=Gar', { url: `${url}/api/search?q=Gar`, headers: auth, seconds, connections: 32, pid }),
    await measure('POST /api/contacts', {
      url: `${url}/api/contacts`,
      headers: { ...auth, 'content-type': 'application/json' },
      method: 'POST',
      body: JSON.stringify({ firstName: 'Load', lastName: 'Test' }),
      seconds,
      connections: 32,
      pid,
    }),
    await measure('GET /api/analytics (a kept answer: nothing is written meanwhile)', {
      url: `${url}/api/analytics`,
      headers: auth,
      seconds,
      connections: 32,
      pid,
    }),
    await measure('GET /api/companies/:id/timeline', {
      url: `${url}/api/companies/${ids.companyId}/timeline`,
      headers: auth,
      seconds,
      connections: 32,
      pid,
    }),
    // What every request pays before any query: routing, request id, security headers, access log, metrics.
    await measure('GET /healthz (the CRM stack, no authentication, no query)', { url: `${url}/healthz`, seconds, connections: 32, pid }),
  ];
}

// HTTP against a server process on the big database.
const hello = await startFixture<{ url: string }>('hello-server.ts');
const ceiling = await measure('node:http hello world (ceiling)', { url: hello.info.url, seconds, connections: 32, pid: hello.child.pid! });
await hello.stop();

const crm = await startFixture<{ url: string; token: string; contactId: string; companyId: string; pid: number }>('crm-scale-server.ts', {
  BENCH_DATA_DIR: bigDir,
  BENCH_TENANT: `tenant-${Math.floor(big.tenants / 2)}`,
});
const auth = { authorization: `Bearer ${crm.info.token}` };
const url = crm.info.url;
const { result: http, peakMb } = await peakRss(crm.info.pid, async () => [
  ceiling,
  ...(await crmRequests(url, auth, crm.info, crm.child.pid!)),
]);
const listBody = await (await fetch(`${url}/api/contacts?limit=50&sort=lastName`, { headers: auth })).text();
// The headers every API answer carries beyond the ceiling's (security headers, request id).
const crmHeaders = Object.fromEntries(
  [...(await fetch(`${url}/api/contacts/${crm.info.contactId}`, { headers: auth })).headers].filter(
    ([name]) => !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(name),
  ),
);
await crm.stop();

// Two floors beside the ceiling, to read the CRM's figures against: Hono itself with nothing
// behind it, and node:http sending the list page's own bytes (no query, no serialising).
const honoFloor = await startFixture<{ url: string }>('hono-hello-server.ts');
http.push(
  await measure('floor: Hono on @hono/node-server, no middleware', {
    url: honoFloor.info.url,
    seconds,
    connections: 32,
    pid: honoFloor.child.pid!,
  }),
);
await honoFloor.stop();
const withHeaders = await startFixture<{ url: string }>('hello-server.ts', { BENCH_HEADERS: JSON.stringify(crmHeaders) });
http.push(
  await measure(`floor: node:http hello with the CRM's ${Object.keys(crmHeaders).length} extra response headers`, {
    url: withHeaders.info.url,
    seconds,
    connections: 32,
    pid: withHeaders.child.pid!,
  }),
);
await withHeaders.stop();
const payload = await startFixture<{ url: string }>('hello-server.ts', { BENCH_BODY: listBody, BENCH_HEADERS: JSON.stringify(crmHeaders) });
http.push(
  await measure(`floor: node:http sending the list page's ${listBody.length} bytes, same headers`, {
    url: payload.info.url,
    seconds,
    connections: 32,
    pid: payload.child.pid!,
  }),
);
http.push(
  await measure('floor: the same, parsed and re-serialised per request', {
    url: `${payload.info.url}/roundtrip`,
    seconds,
    connections: 32,
    pid: payload.child.pid!,
  }),
);
await payload.stop();
printTable(
  `HTTP at ${big.tenants * big.contactsPerTenant} contacts, 32 connections, ${seconds} s each; server peak RSS ${peakMb.toFixed(0)} MB`,
  http,
  ceiling,
);

await againstTheExecutable();

// The ceiling once more: on a shared machine a neighbour's load can move every figure above.
const again = await startFixture<{ url: string }>('hello-server.ts');
const ceilingAfter = await measure('ceiling, measured again at the end', {
  url: again.info.url,
  seconds,
  connections: 32,
  pid: again.child.pid!,
});
await again.stop();
const drift = ceilingAfter.cpuUsPerRequest! / ceiling.cpuUsPerRequest!;
console.log(
  `\nCeiling at the start ${ceiling.requestsPerSecond.toFixed(0)} req/s (${ceiling.cpuUsPerRequest!.toFixed(0)} µs CPU/req), at the end ${ceilingAfter.requestsPerSecond.toFixed(0)} req/s (${ceilingAfter.cpuUsPerRequest!.toFixed(0)} µs).` +
    (drift > 1.25 || drift < 0.8
      ? ' The machine was not steady during this run: compare CPU µs/req between runs rather than percentages.'
      : ''),
);

/**
 * The same requests against dist/trasealla when it has been built (npm run build:binary): the
 * server operators run (Node 24, no tsx transpiler in memory), so its RSS is the one the
 * "under 250 MB" target is about. It needs a license in the database: a development key is
 * activated in the bench's cached copy (the tsx fixture above replaces the license gate anyway).
 */
async function againstTheExecutable(): Promise<void> {
  const binary = builtExecutable();
  if (!binary) return;
  const env = { ...process.env, TRASEALLA_DATA_DIR: bigDir };
  const key = developmentKey({
    customer: 'Bench',
    tier: 'ENT',
    maxUsers: 1_000_000,
    maxTenants: 100_000,
    issuedAt: new Date('2026-01-01T00:00:00Z'),
  });
  const update = spawnSync(binary, ['license', 'update', key, '--force'], { env, encoding: 'utf8' });
  if (update.status !== 0) throw new Error(`license update failed: ${update.stderr}`);
  const server = await serveExecutable(binary, env);
  try {
    const slug = `tenant-${Math.floor(big.tenants / 2)}`;
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `owner@${slug}.example.com`, password: BENCH_PASSWORD }),
    });
    if (!login.ok) throw new Error(`login to dist/trasealla failed: ${login.status} ${await login.text()}`);
    const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const firstId = async (path: string) =>
      ((await (await fetch(`${server.url}${path}`, { headers })).json()) as { data: { id: string }[] }).data[0]!.id;
    const ids = { contactId: await firstId('/api/contacts?limit=1&sort=lastName'), companyId: await firstId('/api/companies?limit=1') };
    const idle = rssMb(server.pid);
    const { result, peakMb: peak } = await peakRss(server.pid, async () => [
      ceiling,
      ...(await crmRequests(server.url, headers, ids, server.pid)),
    ]);
    printTable(
      `The same against dist/trasealla (Node ${server.node}): RSS ${idle.toFixed(0)} MB idle, peak ${peak.toFixed(0)} MB under load`,
      result,
      ceiling,
    );
  } finally {
    await server.stop();
  }
}
