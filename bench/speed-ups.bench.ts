import { fork } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { isNull } from 'drizzle-orm';
import { SHIPPED_NODE_FLAGS } from '../build/node-flags';
import { createApp } from '../server/app';
import { DataLayer } from '../server/data/data-layer';
import { contacts } from '../server/db/schema-crm';
import { analytics, computeAnalytics } from '../server/modules/crm/analytics.service';
import { contactSpec } from '../server/modules/crm/contacts.record';
import { getRecord, listRecords } from '../server/modules/crm/record-kit';
import { closeData, DATABASE_FILE, databasePath } from '../server/runtime';
import { median, quantile, savings, timeInAlternation, type Pair, type PairTiming } from './lib/alternation';
import { ownerContext } from './lib/crm-context';
import { httpSlice, type HttpSlice } from './lib/server-cpu';
import {
  benchSqliteStore,
  contextOver,
  drizzleGetContact,
  getContactPlainTime,
  listContacts,
  PRODUCTION,
  type ListKnobs,
} from './lib/speed-up-paths';
import { BENCH_PASSWORD, seededDataDir } from './fixtures/seed-crm';

/**
 * Which of the server's hand-written speed-ups earn their keep (issue "the hot path stays fast
 * and becomes simpler": keep those a benchmark shows to be worth at least 5% on the request they
 * serve). For each one, the request it serves is timed with the speed-up and with the plain code
 * it replaces, in the same run and in alternation (bench/lib/alternation.ts):
 *   1. in process, on SQLite, one tenant of BENCH_CONTACTS contacts (default 10,000) among
 *      BENCH_TENANTS (10): the service calls (listRecords, getRecord, analytics) against copies of
 *      their code with one speed-up switched off (bench/lib/speed-up-paths.ts), and whole requests
 *      through createApp(deps).request() over a store with and without the statement cache;
 *   2. over HTTP, a server process on the same data (bench/fixtures/speed-ups-server.ts) with
 *      three ports: production, response headers set through Hono, log lines written one by one;
 *      its CPU per request comes from /proc. Headers and the access line cost the same on every
 *      route, so those two are decided on GET /healthz, where a few µs stand out of the noise
 *      (the API requests themselves vary by ±15% from round to round on a shared machine).
 *      Its production figures are also what every saving is a share of: "% of request" is the
 *      saving over the HTTP request's CPU without the speed-up (production plus the saving).
 * Verdict: keep at ≥ 5%. BENCH_ROUNDS (24) slices of BENCH_SLICE_MS (80) a side in process;
 * BENCH_HTTP_ROUNDS (12) x BENCH_HTTP_SECONDS (2) a side over HTTP.
 */
const cache = fileURLToPath(new URL('./.cache/', import.meta.url));
const shape = { tenants: Number(process.env.BENCH_TENANTS ?? 10), contactsPerTenant: Number(process.env.BENCH_CONTACTS ?? 10_000) };
const rounds = Number(process.env.BENCH_ROUNDS ?? 24);
const sliceMs = Number(process.env.BENCH_SLICE_MS ?? 80);
const httpRounds = Number(process.env.BENCH_HTTP_ROUNDS ?? 12);
const httpSeconds = Number(process.env.BENCH_HTTP_SECONDS ?? 2);
const SLUG = `tenant-${Math.floor(shape.tenants / 2)}`;
const THRESHOLD = 5;

const seeded = await seededDataDir(shape, cache);
console.log(
  `seed ${shape.tenants} x ${shape.contactsPerTenant}: ${seeded.reused ? 'reused cache' : `${seeded.seconds.toFixed(1)} s`} (${seeded.dataDir})`,
);
// The bench creates contacts: a copy of its own, so the cached seed stays as it was.
const dataDir = mkdtempSync(join(tmpdir(), 'trasealla-speed-ups-'));
copyFileSync(join(seeded.dataDir, DATABASE_FILE), join(dataDir, DATABASE_FILE));

type RequestName = 'get' | 'list' | 'create' | 'analytics' | 'healthz';
const REQUESTS: Record<RequestName, string> = {
  get: 'GET /api/contacts/:id',
  list: 'GET /api/contacts?limit=50&sort=lastName',
  create: 'POST /api/contacts',
  analytics: 'GET /api/analytics',
  healthz: 'GET /healthz',
};

interface Row {
  trick: string;
  request: RequestName;
  /** Counts for the verdict (else: a control or a breakdown, shown for reading the others). */
  decides: boolean;
  /** HTTP on /healthz: the fixed per-request saving measured on the cheapest route (least noise), as a share of `request`. */
  where: 'in process' | 'HTTP' | 'HTTP on /healthz';
  detail: string;
  withCpu: number[];
  withoutCpu: number[];
  withWall: number[];
  withoutWall: number[];
}

// ---------------------------------------------------------------------------------------------
// 1. In process.

const inProcessRows: Row[] = [];
{
  const { deps, ctx } = await ownerContext(dataDir, SLUG);
  const file = databasePath(dataDir);
  const cachedLayer = new DataLayer(benchSqliteStore(file, { statementCache: true }));
  const uncachedLayer = new DataLayer(benchSqliteStore(file, { statementCache: false }));
  const cached = contextOver(ctx, cachedLayer);
  const uncached = contextOver(ctx, uncachedLayer);
  const appServer = createApp(deps);
  const appCached = createApp(cached.deps);
  const appUncached = createApp(uncached.deps);

  const login = await appServer.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `owner@${SLUG}.example.com`, password: BENCH_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const authorization = { authorization: `Bearer ${token}` };
  const someContact = (await ctx.scope.query
    .select({ id: contacts.id })
    .from(contacts)
    .where(ctx.scope.where(contacts, isNull(contacts.deletedAt)))
    .limit(1)
    .offset(Math.floor(shape.contactsPerTenant / 2))
    .get())!.id;

  const listQuery = { limit: 50, sort: 'lastName' };
  const knobs = (change: Partial<ListKnobs>): ListKnobs => ({ ...PRODUCTION, ...change });
  const ALL_PLAIN = knobs({ columns: 'builder', rows: 'drizzle', limit: 'bound', total: 'counted', time: 'toISOString' });
  const list =
    (knobSet: ListKnobs, on = ctx) =>
    () =>
      listContacts(on, listQuery, knobSet);
  const getByPrepared = drizzleGetContact(ctx, 'drizzle prepare()');
  const getByBuilder = drizzleGetContact(ctx, 'drizzle builder');
  let created = 0;
  const http = (app: ReturnType<typeof createApp>, name: RequestName) => async () => {
    const response =
      name === 'create'
        ? await app.request('/api/contacts', {
            method: 'POST',
            headers: { ...authorization, 'content-type': 'application/json' },
            body: JSON.stringify({ firstName: 'Bench', lastName: `Created ${created++}` }),
          })
        : await app.request(name === 'get' ? `/api/contacts/${someContact}` : '/api/contacts?limit=50&sort=lastName', {
            headers: authorization,
          });
    if (response.status >= 300) throw new Error(`${name}: ${response.status} ${await response.text()}`);
    return response.text();
  };

  // Every variant answers what the server answers.
  const expectedList = await listRecords(ctx, contactSpec, listQuery as never);
  for (const knobSet of [
    PRODUCTION,
    ALL_PLAIN,
    ...(['columns', 'limit', 'total', 'time'] as const).map((k) => knobs({ [k]: ALL_PLAIN[k] })),
  ]) {
    for (const on of [ctx, cached.ctx, uncached.ctx])
      if (!isDeepStrictEqual(await listContacts(on, listQuery, knobSet), expectedList))
        throw new Error(`list differs: ${JSON.stringify(knobSet)}`);
  }
  if (!isDeepStrictEqual(await listContacts(ctx, listQuery, knobs({ columns: 'builder', rows: 'drizzle' })), expectedList))
    throw new Error('list differs with drizzle rows');
  const expectedGet = await getRecord(ctx, contactSpec, someContact);
  for (const got of [await getByPrepared(someContact), await getByBuilder(someContact), await getContactPlainTime(ctx, someContact)])
    if (!isDeepStrictEqual(got, expectedGet)) throw new Error('get differs');
  for (const name of ['get', 'list'] as const)
    if ((await http(appCached, name)()) !== (await http(appUncached, name)())) throw new Error(`${name} over the two stores differs`);

  const pairs: (Pair & { request: RequestName; decides: boolean })[] = [
    // Controls: the method's own noise, and the bench's copies against the server's code.
    {
      trick: 'control: A/A',
      request: 'list',
      decides: false,
      detail: 'the same call (listRecords) on both sides: any "saving" is noise',
      with: () => listRecords(ctx, contactSpec, listQuery as never),
      without: () => listRecords(ctx, contactSpec, listQuery as never),
    },
    {
      trick: 'control: A/A',
      request: 'get',
      decides: false,
      detail: 'the same call (getRecord) on both sides',
      with: () => getRecord(ctx, contactSpec, someContact),
      without: () => getRecord(ctx, contactSpec, someContact),
    },
    {
      trick: "control: bench's copy",
      request: 'list',
      decides: false,
      detail: "server's listRecords vs the bench's copy with every speed-up on",
      with: () => listRecords(ctx, contactSpec, listQuery as never),
      without: list(PRODUCTION),
    },
    {
      trick: "control: bench's store",
      request: 'get',
      decides: false,
      detail: "app.request over the server's SQLite store vs over the bench's copy of it (cache on)",
      with: http(appServer, 'get'),
      without: http(appCached, 'get'),
    },
    // The statement cache: whole requests in process (authentication's queries included).
    ...(['get', 'list', 'create'] as const).map((name) => ({
      trick: 'statement cache (server/db/client.ts)',
      request: name,
      decides: true,
      detail: 'createApp(deps).request(): connections from openConnection vs the same with prepare() left to better-sqlite3',
      with: http(appCached, name),
      without: http(appUncached, name),
    })),
    {
      trick: 'hand-built column list + row decoder',
      request: 'list',
      decides: true,
      detail: "TenantScope.list's selectAll() + .values() + rowDecoder vs drizzle select() ... .all()",
      with: list(PRODUCTION),
      without: list(knobs({ columns: 'builder', rows: 'drizzle' })),
    },
    {
      trick: '  of which: column list',
      request: 'list',
      decides: false,
      detail: 'selectAll() vs drizzle select() spelling the columns, rowDecoder on both',
      with: list(PRODUCTION),
      without: list(knobs({ columns: 'builder' })),
    },
    {
      trick: '  of which: row decoder',
      request: 'list',
      decides: false,
      detail: "drizzle select() on both: .values() + rowDecoder vs .all() (drizzle's mapping)",
      with: list(knobs({ columns: 'builder' })),
      without: list(knobs({ columns: 'builder', rows: 'drizzle' })),
    },
    {
      trick: 'hand-built column list + row decoder',
      request: 'get',
      decides: true,
      detail:
        'getRecord (TenantScope.find: by-id statement spelled once + rowDecoder) vs drizzle select().prepare() once, .get({tenantId, id})',
      with: () => getRecord(ctx, contactSpec, someContact),
      without: () => getByPrepared(someContact),
    },
    {
      trick: '  plain builder instead',
      request: 'get',
      decides: false,
      detail: 'getRecord vs drizzle select().from().where().get() built on every call',
      with: () => getRecord(ctx, contactSpec, someContact),
      without: () => getByBuilder(someContact),
    },
    {
      trick: 'LIMIT rounding (server/db/limit-at-least.ts)',
      request: 'list',
      decides: true,
      detail: 'LIMIT 51 written into the text vs LIMIT ? bound to 51 (statement cache on for both)',
      with: list(PRODUCTION),
      without: list(knobs({ limit: 'bound' })),
    },
    {
      trick: 'cached counts (server/data/change-cache.ts)',
      request: 'list',
      decides: true,
      detail: "the page's total from cachedTotal (PRAGMA data_version check) vs select({ n: count() }) on every page",
      with: list(PRODUCTION),
      without: list(knobs({ total: 'counted' })),
    },
    {
      trick: 'cached counts (server/data/change-cache.ts)',
      request: 'analytics',
      decides: true,
      detail: "analytics(ctx) (the tenant's figures kept until a write) vs computeAnalytics(ctx)",
      with: () => analytics(ctx),
      without: () => computeAnalytics(ctx),
    },
    {
      trick: 'ISO time formatting (server/lib/iso-time.ts)',
      request: 'list',
      decides: true,
      detail: 'the 50 DTOs with isoTime vs Date#toISOString (100 timestamps)',
      with: list(PRODUCTION),
      without: list(knobs({ time: 'toISOString' })),
    },
    {
      trick: 'ISO time formatting (server/lib/iso-time.ts)',
      request: 'get',
      decides: true,
      detail: 'getRecord with isoTime vs Date#toISOString (2 timestamps)',
      with: () => getRecord(ctx, contactSpec, someContact),
      without: () => getContactPlainTime(ctx, someContact),
    },
    {
      trick: 'all of the above on a list',
      request: 'list',
      decides: false,
      detail: 'listRecords as today vs every knob plain and no statement cache',
      with: list(PRODUCTION),
      without: list(ALL_PLAIN, uncached.ctx),
    },
  ];

  console.log(`\nin process: ${pairs.length} pairs, ${rounds} rounds of ${sliceMs} ms a side (Node ${process.version})`);
  const timings: PairTiming[] = await timeInAlternation(pairs, {
    rounds,
    sliceMs,
    progress: (r) => process.stdout.write(r === rounds ? `${r}\n` : `${r} `),
  });
  for (const t of timings) {
    const p = t.pair as (typeof pairs)[number];
    inProcessRows.push({
      trick: p.trick,
      request: p.request,
      decides: p.decides,
      where: 'in process',
      detail: `${p.detail} (${t.iterations} calls a slice)`,
      withCpu: t.with.cpuUs,
      withoutCpu: t.without.cpuUs,
      withWall: t.with.wallUs,
      withoutWall: t.without.wallUs,
    });
  }
  await closeData(deps);
  await cachedLayer.close();
  await uncachedLayer.close();
}

// ---------------------------------------------------------------------------------------------
// 2. Over HTTP: one server process, three ports.

type Variant = 'production' | 'honoHeaders' | 'perLineLog';
interface ServerInfo {
  urls: Record<Variant, string>;
  token: string;
  contactId: string;
  pid: number;
}
const serverStdout = process.env.BENCH_SERVER_STDOUT === 'null' ? 'ignore' : 'pipe';
const child = fork(fileURLToPath(new URL('./fixtures/speed-ups-server.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx', ...SHIPPED_NODE_FLAGS],
  // Standard output a pipe, as under Docker or systemd (BENCH_SERVER_STDOUT=null: /dev/null).
  stdio: ['ignore', serverStdout, 'inherit', 'ipc'],
  env: { ...process.env, LOG_LEVEL: 'info', BENCH_DATA_DIR: dataDir, BENCH_TENANT: SLUG },
});
child.stdout?.resume();
const server = await new Promise<ServerInfo>((resolve, reject) => {
  child.once('message', (m) => resolve(m as ServerInfo));
  child.once('exit', (code) => reject(new Error(`speed-ups-server exited with ${code}`)));
});

const httpCases: { request: RequestName; variants: Variant[] }[] = [
  // Headers and the access line cost the same on every route: on the cheapest their saving stands out of the noise.
  { request: 'healthz', variants: ['production', 'honoHeaders', 'perLineLog'] },
  { request: 'get', variants: ['production', 'honoHeaders', 'perLineLog'] },
  { request: 'list', variants: ['production', 'honoHeaders', 'perLineLog'] },
  { request: 'analytics', variants: ['production'] },
  // Last in a round: its writes make the next list and analytics recount once (in the warm-up).
  { request: 'create', variants: ['production'] },
];
const httpSamples = new Map<string, HttpSlice[]>();
const sampleKey = (request: RequestName, variant: Variant) => `${request} ${variant}`;
const pathOf = (request: RequestName) =>
  request === 'healthz'
    ? '/healthz'
    : request === 'get'
      ? `/api/contacts/${server.contactId}`
      : request === 'list'
        ? '/api/contacts?limit=50&sort=lastName'
        : `/api/${request === 'analytics' ? 'analytics' : 'contacts'}`;
console.log(
  `\nHTTP: ${httpRounds} rounds of ${httpSeconds} s a case, 10 connections (server stdout: ${serverStdout === 'pipe' ? 'a pipe' : '/dev/null'})`,
);
try {
  // Round -1 warms every case up (the server's code compiled, its caches filled) and is not counted.
  for (let round = -1; round < httpRounds; round++) {
    for (const { request, variants } of httpCases) {
      // Each round starts with another variant.
      const order = variants.map((_, i) => variants[(i + Math.max(round, 0)) % variants.length]!);
      for (const variant of order) {
        const result = await httpSlice({
          url: server.urls[variant] + pathOf(request),
          pid: server.pid,
          seconds: httpSeconds,
          headers: { authorization: `Bearer ${server.token}`, ...(request === 'create' ? { 'content-type': 'application/json' } : {}) },
          ...(request === 'create' ? { method: 'POST' as const, body: JSON.stringify({ firstName: 'Bench', lastName: 'Over HTTP' }) } : {}),
        });
        if (result.failures > 0) throw new Error(`${sampleKey(request, variant)}: ${result.failures} failed requests`);
        if (round < 0) continue;
        httpSamples.set(sampleKey(request, variant), [...(httpSamples.get(sampleKey(request, variant)) ?? []), result]);
      }
    }
    process.stdout.write(round < 0 ? 'warm-up ' : round + 1 === httpRounds ? `${round + 1}\n` : `${round + 1} `);
  }
} finally {
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  rmSync(dataDir, { recursive: true, force: true });
}

const cpuOf = (request: RequestName, variant: Variant) => httpSamples.get(sampleKey(request, variant))!.map((r) => r.cpuUs);
/** Wall time per request at 10 connections: 10 / throughput (µs). */
const wallOf = (request: RequestName, variant: Variant) =>
  httpSamples.get(sampleKey(request, variant))!.map((r) => 1e7 / r.requestsPerSecond);
console.log('\nServer CPU µs/request, round by round (the noise):');
for (const { request, variants } of httpCases)
  for (const variant of variants)
    console.log(
      `- ${REQUESTS[request]}, ${variant}: ${cpuOf(request, variant)
        .map((v) => v.toFixed(0))
        .join(' ')}`,
    );
const httpRows: Row[] = [];
const HTTP_TRICKS = [
  {
    trick: 'direct header writes (platform/http/response-headers.ts)',
    variant: 'honoHeaders',
    detail: 'server CPU per request: setHeader() on the ServerResponse vs c.header() (the same app, handed no env.outgoing)',
  },
  {
    trick: 'batched log writes (platform/logger.ts)',
    variant: 'perLineLog',
    detail: 'server CPU per request: lines batched per event-loop turn vs pino.destination({ dest: 1, sync: true }), a write per line',
  },
] as const;
for (const { trick, variant, detail } of HTTP_TRICKS) {
  const timed = (request: RequestName) => ({
    withCpu: cpuOf(request, 'production'),
    withoutCpu: cpuOf(request, variant),
    withWall: wallOf(request, 'production'),
    withoutWall: wallOf(request, variant),
  });
  for (const request of ['get', 'list'] as const)
    httpRows.push({
      trick,
      request,
      decides: true,
      where: 'HTTP on /healthz',
      detail: `${detail}; timed on GET /healthz (same headers, same access line), as a share of ${REQUESTS[request]}`,
      ...timed('healthz'),
    });
  for (const request of ['get', 'list'] as const)
    httpRows.push({ trick: `  timed on the request itself`, request, decides: false, where: 'HTTP', detail, ...timed(request) });
}

// ---------------------------------------------------------------------------------------------
// The table.

const requestCpu = Object.fromEntries((Object.keys(REQUESTS) as RequestName[]).map((r) => [r, median(cpuOf(r, 'production'))])) as Record<
  RequestName,
  number
>;
console.log(
  `\nThe requests over HTTP, production server (${shape.tenants} tenants x ${shape.contactsPerTenant} contacts, SQLite), median of ${httpRounds} rounds:`,
);
console.log('| request | server CPU µs/request | req/s (10 connections) |');
console.log('| --- | ---: | ---: |');
for (const r of Object.keys(REQUESTS) as RequestName[])
  console.log(
    `| ${REQUESTS[r]} | ${requestCpu[r].toFixed(0)} | ${median(httpSamples.get(sampleKey(r, 'production'))!.map((x) => x.requestsPerSecond)).toFixed(0)} |`,
  );

const f = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '');
console.log(
  `\nSpeed-ups, with vs without (medians; IQR of the per-round paired savings in brackets). "% of request": the saving over the HTTP request's server CPU without the speed-up; "% of timed": over what was timed (the in-process call, or GET /healthz) without it. Verdict: keep at ≥ ${THRESHOLD}% of the request.`,
);
console.log(
  '| speed-up | request it serves | measured | CPU µs with | CPU µs without | saving µs [IQR] | % of timed | % of request [IQR] | wall µs with | wall µs without | verdict |',
);
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
for (const row of [...inProcessRows, ...httpRows]) {
  const withCpu = median(row.withCpu);
  const withoutCpu = median(row.withoutCpu);
  const saved = savings({
    with: { cpuUs: row.withCpu, wallUs: row.withWall },
    without: { cpuUs: row.withoutCpu, wallUs: row.withoutWall },
  });
  const saving = median(saved);
  const [lo, hi] = [quantile(saved, 0.25), quantile(saved, 0.75)];
  // The request without the speed-up: timed on it, or else the production request plus the saving.
  const requestWithout = (s: number) => (row.where === 'HTTP' ? withoutCpu : requestCpu[row.request] + s);
  const pct = (s: number) => (100 * s) / requestWithout(s);
  const ofCall = row.where === 'HTTP' ? Number.NaN : (100 * saving) / withoutCpu;
  let verdict = '—';
  if (row.decides) {
    verdict = pct(saving) >= THRESHOLD ? '**keep**' : 'remove';
    if ((pct(lo) - THRESHOLD) * (pct(hi) - THRESHOLD) < 0) verdict += ' (IQR straddles 5%)';
  }
  console.log(
    `| ${row.trick} | ${REQUESTS[row.request]} | ${row.where} | ${f(withCpu)} | ${f(withoutCpu)} | ${f(saving)} [${f(lo)}, ${f(hi)}] | ${Number.isFinite(ofCall) ? `${f(ofCall)}%` : ''} | ${f(pct(saving))}% [${f(pct(lo))}, ${f(pct(hi))}] | ${f(median(row.withWall))} | ${f(median(row.withoutWall))} | ${verdict} |`,
  );
}
console.log('\nWhat each row measures:');
for (const row of [...inProcessRows, ...httpRows]) console.log(`- ${row.trick.trim()} / ${REQUESTS[row.request]}: ${row.detail}`);
console.log(
  '\nWall: in process, µs per call; over HTTP, 10 connections / throughput (the load generator shares the machine). On PostgreSQL the statement cache and the cached counts do not apply (SQLite connections only; UntilChangedCache computes every time there); the row decoder, column lists, LIMIT spelling, isoTime, header writes and log batching run on both engines.',
);
