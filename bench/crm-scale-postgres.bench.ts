import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppDeps, RequestContext } from '../server/lib/context';
import { closeData } from '../server/runtime';
import { ownerContext } from './lib/crm-context';
import { ownerContextPostgres } from './lib/crm-context-pg';
import { crmOps, type Op } from './lib/crm-ops';
import { printTable, startFixture, type LoadResult } from './lib/load';
import { measureTargets, processTree, type Request, type SplitResult, type Target } from './lib/load-targets';
import { peakRss, percentiles } from './lib/percentiles';
import { benchCluster } from './lib/postgres-cluster';
import { seededDataDir, type SeedShape } from './fixtures/seed-crm';
import { seededPostgres, type PostgresSeed } from './fixtures/seed-crm-postgres';

/**
 * The crm-scale cases on PostgreSQL (issue "the crm-scale cases on PostgreSQL at 1M contacts and
 * at 10M beside SQLite at 1M"): a throw-away cluster, seeded server-side with
 * bench/fixtures/seed-crm.ts's rows at each size of BENCH_PG_SIZES (tenants x contacts per
 * tenant, default 1000x1000,10000x1000), and SQLite's cached 1M seed; then, in one run so that
 * every ratio is a same-run one:
 *   1. crm-scale's service calls in process on each database, interleaved call by call, p50/p99;
 *   2. HTTP at 32 connections against a server process on SQLite and on each PostgreSQL size, and
 *      against two server processes on the size beside SQLite's with the connections split
 *      between them (throughput summed, CPU per request per process, and the PostgreSQL
 *      backends' CPU per request), beside the node:http ceiling and crm-scale's floors.
 * BENCH_PG_URL=postgres://postgres@host:port/postgres uses a cluster of yours and keeps its
 * seeds for the next run. BENCH_SECONDS (5) per HTTP case, BENCH_ITERATIONS (300) per call.
 */
const cache = fileURLToPath(new URL('./.cache/', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const iterations = Number(process.env.BENCH_ITERATIONS ?? 300);
const sqliteShape: SeedShape = {
  tenants: Number(process.env.BENCH_TENANTS ?? 1000),
  contactsPerTenant: Number(process.env.BENCH_CONTACTS ?? 1000),
};
const requestedSizes: SeedShape[] = (process.env.BENCH_PG_SIZES ?? '1000x1000,10000x1000').split(',').map((size) => {
  const match = /^(\d+)x(\d+)$/.exec(size.trim());
  if (!match) throw new Error(`BENCH_PG_SIZES: sizes like 1000x1000 (tenants x contacts per tenant), not ${size}`);
  return { tenants: Number(match[1]), contactsPerTenant: Number(match[2]) };
});
/** Disk a size needs, with room to spare: 100k contacts took 213 MB with their companies, deals, activities and indexes. */
const bytesNeeded = (shape: SeedShape) => Math.max(1, shape.tenants * shape.contactsPerTenant) * 2_500;

const contactsOf = (shape: SeedShape) => shape.tenants * shape.contactsPerTenant;
const sizeLabel = (shape: SeedShape) => {
  const n = contactsOf(shape);
  return n >= 1_000_000 ? `${n / 1_000_000}M` : n >= 1000 ? `${n / 1000}k` : String(n);
};
const midTenant = (shape: SeedShape) => `tenant-${Math.floor(shape.tenants / 2)}`;
const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;

const cluster = await benchCluster(
  process.env.BENCH_PG_URL
    ? {}
    : { shared_buffers: process.env.BENCH_PG_SHARED_BUFFERS ?? '2GB', max_wal_size: '8GB', checkpoint_timeout: '30min' },
);
// An interrupted run still removes its cluster.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    cluster.stop();
    process.exit(130);
  });
try {
  await run();
} finally {
  cluster.stop();
}

async function run(): Promise<void> {
  console.log(
    `PostgreSQL: ${cluster.owned ? 'a throw-away cluster (test/helpers/postgres.ts)' : 'the cluster at BENCH_PG_URL'}; ${cluster.settings}.`,
  );
  console.log(
    'fsync=off, synchronous_commit=off and full_page_writes=off flatter every write (commits wait for no disk); SQLite here runs with its own settings (WAL, synchronous=NORMAL as the server opens it).',
  );

  // The seeds: SQLite's from crm-scale's cache, PostgreSQL's made here (or reused from BENCH_PG_URL's cluster).
  const sqlite = await seededDataDir(sqliteShape, cache);
  const sqliteBytes = statSync(join(sqlite.dataDir, 'trasealla.db')).size;
  const seedRows: string[] = [
    `| SQLite | ${sizeLabel(sqliteShape)} (${sqliteShape.tenants} x ${sqliteShape.contactsPerTenant}) | ${sqlite.reused ? 'reused cache' : `${sqlite.seconds.toFixed(0)} s`} | | | ${gb(sqliteBytes)} |`,
  ];
  const seeds: { shape: SeedShape; seed: PostgresSeed }[] = [];
  for (const shape of requestedSizes) {
    const free = cluster.freeBytes();
    if (free < bytesNeeded(shape)) {
      console.log(
        `Skipping PostgreSQL at ${sizeLabel(shape)}: ${gb(free)} free on ${cluster.dataDirectory}'s file system, ${gb(bytesNeeded(shape))} wanted.`,
      );
      continue;
    }
    console.log(`Seeding PostgreSQL ${shape.tenants} x ${shape.contactsPerTenant} (${gb(free)} free) ...`);
    const seed = await seededPostgres(cluster.url, shape, { log: (line) => console.log(line) });
    const p = seed.phases;
    seedRows.push(
      `| PostgreSQL | ${sizeLabel(shape)} (${shape.tenants} x ${shape.contactsPerTenant}) | ${seed.reused ? 'reused' : `${p.total.toFixed(0)} s`} | ${seed.reused ? '' : `${p.rows.toFixed(0)} s`} | ${seed.reused ? '' : `${p.indexes.toFixed(0)} s + ${p.vacuum.toFixed(0)} s`} | ${gb(seed.bytes)} |`,
    );
    seeds.push({ shape, seed });
  }
  console.log('\nSeeds');
  console.log('| engine | contacts | seed time | rows + search documents | index builds + VACUUM ANALYZE | database size |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: |');
  for (const row of seedRows) console.log(row);
  if (seeds.length === 0) throw new Error('no PostgreSQL size left to measure');

  await inProcess(sqlite.dataDir, seeds);
  await overHttp(sqlite.dataDir, seeds);
}

/** Every database's calls timed in turn, call by call: a burst of load on a shared machine then lands on every column alike. */
async function inProcess(sqliteDir: string, seeds: { shape: SeedShape; seed: PostgresSeed }[]): Promise<void> {
  const sides: { label: string; deps: AppDeps; ctx: RequestContext; ops: Op[] }[] = [];
  const onSqlite = await ownerContext(sqliteDir, midTenant(sqliteShape));
  sides.push({
    label: `SQLite ${sizeLabel(sqliteShape)}`,
    ...onSqlite,
    ops: await crmOps(onSqlite.ctx, sqliteShape.contactsPerTenant),
  });
  for (const { shape, seed } of seeds) {
    const onPostgres = await ownerContextPostgres(seed.url, midTenant(shape));
    sides.push({ label: `PG ${sizeLabel(shape)}`, ...onPostgres, ops: await crmOps(onPostgres.ctx, shape.contactsPerTenant) });
  }
  const results = sides.map(() => new Map<string, { p50: number; p99: number }>());
  for (const [k, { name }] of sides[0]!.ops.entries()) {
    for (let i = 0; i < Math.min(50, iterations); i++) for (const side of sides) await side.ops[k]!.run(side.ctx);
    const samples = sides.map(() => [] as number[]);
    for (let i = 0; i < iterations; i++) {
      // Each round in another order, so no side always follows the same one.
      for (let j = 0; j < sides.length; j++) {
        const s = (i + j) % sides.length;
        const side = sides[s]!;
        const t0 = performance.now();
        await side.ops[k]!.run(side.ctx);
        samples[s]!.push((performance.now() - t0) * 1000);
      }
    }
    sides.forEach((_, s) => results[s]!.set(name, percentiles(samples[s]!)));
  }
  for (const side of sides) await closeData(side.deps);

  const [base, ...pg] = sides;
  console.log(`\nService calls in process, ${iterations} runs each, interleaved; the owner of the middle tenant (µs)`);
  console.log(
    `| call | ${sides.map((s) => `${s.label} p50 | ${s.label} p99`).join(' | ')} | ${pg.map((s) => `${s.label} / ${base!.label} (p50)`).join(' | ')} |`,
  );
  console.log(`| --- | ${sides.map(() => '---: | ---:').join(' | ')} | ${pg.map(() => '---:').join(' | ')} |`);
  for (const { name } of base!.ops) {
    const at = (s: number) => results[s]!.get(name)!;
    console.log(
      `| ${name} | ${sides.map((_, s) => `${at(s).p50.toFixed(0)} | ${at(s).p99.toFixed(0)}`).join(' | ')} | ${pg.map((_, s) => `${(at(s + 1).p50 / at(0).p50).toFixed(2)}x`).join(' | ')} |`,
    );
  }
  if (pg.length > 1)
    console.log(
      `PostgreSQL ${pg[pg.length - 1]!.label} against ${pg[0]!.label}, p50: ${base!.ops
        .map(({ name }) => `${name} ${(results[pg.length]!.get(name)!.p50 / results[1]!.get(name)!.p50).toFixed(2)}x`)
        .join(', ')}`,
    );
}

/** crm-scale's HTTP cases. */
function crmRequests(ids: { contactId: string; companyId: string }): Request[] {
  return [
    { name: 'GET /api/contacts?limit=50&sort=lastName', path: '/api/contacts?limit=50&sort=lastName' },
    { name: 'GET /api/contacts/:id', path: `/api/contacts/${ids.contactId}` },
    { name: 'GET /api/search?q=Gar', path: '/api/search?q=Gar' },
    {
      name: 'POST /api/contacts',
      path: '/api/contacts',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ firstName: 'Load', lastName: 'Test' }),
    },
    { name: 'GET /api/analytics (a kept answer: nothing is written meanwhile)', path: '/api/analytics' },
    { name: 'GET /api/companies/:id/timeline', path: `/api/companies/${ids.companyId}/timeline` },
    { name: 'GET /healthz (the CRM stack, no authentication, no query)', path: '/healthz', auth: false },
  ];
}

type ServerInfo = { url: string; token: string; contactId: string; companyId: string; pid: number };

/** crm-scale-server.ts, which serves from PostgreSQL when TRASEALLA_DATABASE_URL is set (its data directory then holds nothing). */
async function crmServer(env: Record<string, string>) {
  const server = await startFixture<ServerInfo>('crm-scale-server.ts', env);
  const target: Target = { url: server.info.url, headers: { authorization: `Bearer ${server.info.token}` }, pid: server.info.pid };
  return { server, target };
}

async function runAll(targets: Target[], ids: ServerInfo, watch?: () => number[]): Promise<SplitResult[]> {
  const out: SplitResult[] = [];
  for (const request of crmRequests(ids))
    out.push(await measureTargets(request, targets, { seconds, connections: 32, ...(watch ? { watch } : {}) }));
  return out;
}

async function overHttp(sqliteDir: string, seeds: { shape: SeedShape; seed: PostgresSeed }[]): Promise<void> {
  const single = async (path: string, env: Record<string, string> = {}, name = 'node:http hello world (ceiling)') => {
    const fixture = await startFixture<{ url: string }>(path, env);
    const result = await measureTargets({ name, path: '' }, [{ url: fixture.info.url, pid: fixture.child.pid! }], {
      seconds,
      connections: 32,
    });
    await fixture.stop();
    return result.total;
  };
  const postgresBackends = () => processTree(cluster.postmasterPid);
  const ceiling = await single('hello-server.ts');

  // SQLite at 1M.
  const onSqlite = await crmServer({ BENCH_DATA_DIR: sqliteDir, BENCH_TENANT: midTenant(sqliteShape) });
  const sqliteRun = await peakRss(onSqlite.target.pid, () => runAll([onSqlite.target], onSqlite.server.info));
  await onSqlite.server.stop();

  // PostgreSQL: one process at each size; two at the size beside SQLite's.
  const postgresEnv = (seed: PostgresSeed, shape: SeedShape) => ({
    BENCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'trasealla-bench-pg-server-')),
    BENCH_TENANT: midTenant(shape),
    TRASEALLA_DATABASE_URL: seed.url,
  });
  const pgRuns: { label: string; run: { result: SplitResult[]; peakMb: number } }[] = [];
  // The size beside SQLite's: the biggest PostgreSQL one not above it (1M by default).
  const fits = seeds.filter(({ shape }) => contactsOf(shape) <= contactsOf(sqliteShape));
  const beside = fits.length > 0 ? fits.reduce((a, b) => (contactsOf(b.shape) > contactsOf(a.shape) ? b : a)) : seeds[0]!;
  let twoRun: SplitResult[] = [];
  let listBody = '';
  let crmHeaders: Record<string, string> = {};
  for (const [i, { shape, seed }] of seeds.entries()) {
    const one = await crmServer(postgresEnv(seed, shape));
    pgRuns.push({
      label: `PG ${sizeLabel(shape)}`,
      run: await peakRss(one.target.pid, () => runAll([one.target], one.server.info, postgresBackends)),
    });
    if (seeds[i] === beside) {
      const auth = one.target.headers!;
      listBody = await (await fetch(`${one.target.url}/api/contacts?limit=50&sort=lastName`, { headers: auth })).text();
      crmHeaders = Object.fromEntries(
        [...(await fetch(`${one.target.url}/api/contacts/${one.server.info.contactId}`, { headers: auth })).headers].filter(
          ([name]) => !['content-type', 'content-length', 'date', 'connection', 'keep-alive'].includes(name),
        ),
      );
      // A second process beside the first, on the same database: the load split across both.
      const two = await crmServer(postgresEnv(seed, shape));
      twoRun = await runAll([one.target, two.target], one.server.info, postgresBackends);
      await two.server.stop();
    }
    await one.server.stop();
  }

  // crm-scale's floors, beside the ceiling.
  const floors: LoadResult[] = [
    await single('hono-hello-server.ts', {}, 'floor: Hono on @hono/node-server, no middleware'),
    await single(
      'hello-server.ts',
      { BENCH_HEADERS: JSON.stringify(crmHeaders) },
      `floor: node:http hello with the CRM's ${Object.keys(crmHeaders).length} extra response headers`,
    ),
  ];
  const payload = await startFixture<{ url: string }>('hello-server.ts', {
    BENCH_BODY: listBody,
    BENCH_HEADERS: JSON.stringify(crmHeaders),
  });
  for (const [name, path] of [
    [`floor: node:http sending the list page's ${listBody.length} bytes, same headers`, ''],
    ['floor: the same, parsed and re-serialised per request', '/roundtrip'],
  ] as const)
    floors.push(
      (await measureTargets({ name, path }, [{ url: payload.info.url, pid: payload.child.pid! }], { seconds, connections: 32 })).total,
    );
  await payload.stop();
  const ceilingAfter = await single('hello-server.ts', {}, 'ceiling, measured again at the end');

  const firstPg = beside;
  const fmt = (n: number | undefined) => (n === undefined ? '' : n.toFixed(0));
  printTable(
    `HTTP on SQLite ${sizeLabel(sqliteShape)}, one server process, 32 connections, ${seconds} s each; server peak RSS ${sqliteRun.peakMb.toFixed(0)} MB`,
    [ceiling, ...sqliteRun.result.map((r) => r.total), ...floors, ceilingAfter],
    ceiling,
  );
  for (const { label, run } of pgRuns) {
    printTable(
      `HTTP on ${label}, one server process, 32 connections, ${seconds} s each; server peak RSS ${run.peakMb.toFixed(0)} MB`,
      [ceiling, ...run.result.map((r) => r.total)],
      ceiling,
    );
    console.log(
      `PostgreSQL backends' CPU per request (${label}): ${run.result.map((r) => `${r.name.split(' (')[0]} ${fmt(r.watchedCpuUsPerRequest)} µs`).join('; ')}`,
    );
  }
  printTable(
    `HTTP on PG ${sizeLabel(firstPg.shape)}, two server processes on the one database, 16 connections each, at once`,
    [ceiling, ...twoRun.flatMap((r) => [{ ...r.total, name: `${r.name} [both: req/s summed]` }, ...r.perTarget])],
    ceiling,
  );

  const one = pgRuns[seeds.indexOf(beside)]!.run.result;
  console.log(
    `\nSame run, req/s and CPU µs per request (server; PostgreSQL backends): SQLite ${sizeLabel(sqliteShape)} and PG ${sizeLabel(firstPg.shape)} with one and with two server processes`,
  );
  console.log(
    '| case | SQLite req/s | PG 1 proc req/s | PG / SQLite | PG 2 procs req/s | 2 procs / 1 | SQLite CPU | PG 1 proc CPU (server; postgres) | PG 2 procs CPU (servers; postgres) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  const ratios: number[] = [];
  for (const [k, s] of sqliteRun.result.entries()) {
    const p1 = one[k]!;
    const p2 = twoRun[k]!;
    const ratio = p2.total.requestsPerSecond / p1.total.requestsPerSecond;
    ratios.push(ratio);
    console.log(
      `| ${s.name} | ${fmt(s.total.requestsPerSecond)} | ${fmt(p1.total.requestsPerSecond)} | ${((100 * p1.total.requestsPerSecond) / s.total.requestsPerSecond).toFixed(0)}% | ${fmt(p2.total.requestsPerSecond)} | ${ratio.toFixed(2)}x | ${fmt(s.total.cpuUsPerRequest)} | ${fmt(p1.total.cpuUsPerRequest)}; ${fmt(p1.watchedCpuUsPerRequest)} | ${p2.perTarget.map((r) => fmt(r.cpuUsPerRequest)).join(' / ')}; ${fmt(p2.watchedCpuUsPerRequest)} |`,
    );
  }
  const geomean = Math.exp(ratios.reduce((a, r) => a + Math.log(r), 0) / ratios.length);
  console.log(
    `Two server processes against one on the same PostgreSQL: throughput ratio ${geomean.toFixed(2)}x (geometric mean over the ${ratios.length} cases). The load generator, both servers and PostgreSQL share this machine's CPUs, so the ratio is bounded by the cores left over, not by the server.`,
  );
  const drift = ceilingAfter.cpuUsPerRequest! / ceiling.cpuUsPerRequest!;
  console.log(
    `\nCeiling at the start ${ceiling.requestsPerSecond.toFixed(0)} req/s (${fmt(ceiling.cpuUsPerRequest)} µs CPU/req), at the end ${ceilingAfter.requestsPerSecond.toFixed(0)} req/s (${fmt(ceilingAfter.cpuUsPerRequest)} µs).` +
      (drift > 1.25 || drift < 0.8
        ? ' The machine was not steady during this run: compare CPU µs/req between runs rather than percentages.'
        : ''),
  );
}
