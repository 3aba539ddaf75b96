import { launchChromium } from '../test/web/chromium';
import { serve, type ServerType } from '@hono/node-server';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { createApp } from '../server/app';
import { seedBigTenant, setOpenDeals } from '../test/helpers/big-tenant';
import { createTenant } from '../test/helpers/fixtures';
import { createTestApp } from '../test/helpers/test-app';

/**
 * The web UI's first view, React rebuild against the UI it replaces (web/ as of OLD_COMMIT), on
 * one tenant of realistic size (test/helpers/big-tenant.ts: 10,000 contacts, 2,000 companies,
 * 10,000 deals in the default pipeline, 3,000 and then 10,000 of them open). Both UIs are built
 * here with the same vite and served by the same server and data (two apps over one set of deps,
 * only webDir differs) on loopback; headless Chromium loads each screen in a new browser context
 * (a cold cache, the session cookie already set) and reads the page's own
 * performance.mark('trasealla:first-view'): navigation start to the screen's first content.
 * Median of BENCH_LOADS loads per case (default 5) after one warm-up load, new and old taking
 * turns; then the new build's JS per route chunk (gzip -9) beside the old UI's total.
 * Figures and ratios only: nothing here asserts a time.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CACHE = join(ROOT, 'bench', '.cache', 'web-ui');
const OLD_COMMIT = 'c5cd730';
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const SESSION_COOKIE = 'tras_session';

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
}

/** The React UI as web/ holds it now (others are still writing its screens): built afresh each run. */
function buildNew(): string {
  const outDir = join(CACHE, 'new-dist');
  run('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn']);
  return outDir;
}

/** The previous UI: web/ (and the tsconfig.json it extends) of OLD_COMMIT, unpacked under bench/.cache (so vite and hono/client resolve from this checkout) and built once. */
function buildOld(): string {
  const source = join(CACHE, `old-${OLD_COMMIT}`);
  const outDir = join(CACHE, `old-${OLD_COMMIT}-dist`);
  if (existsSync(join(outDir, 'index.html'))) return outDir;
  rmSync(source, { recursive: true, force: true });
  mkdirSync(source, { recursive: true });
  run('sh', ['-c', `git -C "${ROOT}" archive ${OLD_COMMIT} web tsconfig.json | tar -x -C "${source}"`]);
  run('npx', [
    'vite',
    'build',
    '--config',
    join(source, 'web', 'vite.config.ts'),
    '--outDir',
    outDir,
    '--emptyOutDir',
    '--logLevel',
    'warn',
  ]);
  return outDir;
}

console.log(`building the new UI (web/ of this worktree) and the old one (web/ of ${OLD_COMMIT}) …`);
const newDir = buildNew();
const oldDir = buildOld();

// Screens still placeholders when this ran (their source says so).
const screensDir = join(ROOT, 'web', 'src', 'screens');
const placeholders = readdirSync(screensDir)
  .filter((f) => f.endsWith('.tsx') && readFileSync(join(screensDir, f), 'utf8').includes('Placeholder: to be built'))
  .map((f) => f.replace(/\.tsx$/, ''));

// ---------------------------------------------------------------------------------------------
// One server and data set; two HTTP listeners, one per UI.

const dataDir = join(tmpdir(), `trasealla-bench-web-ui-${process.pid}`);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
// Real time: the session cookie and the tokens live in the browser's clock.
const t = await createTestApp({ engine: 'sqlite', dataDir, clock: { now: () => new Date() }, config: { webDir: newDir } });
const oldApp = createApp({ ...t.deps, webDir: oldDir });

async function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ url: string; server: ServerType }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
const servers = { new: await listen(t.app.fetch), old: await listen(oldApp.fetch) };

const tenant = await createTenant(t, 'bench');
const big = await seedBigTenant(t, tenant, {
  contacts: 10_000,
  companies: 2_000,
  deals: 10_000,
  openDeals: 3_000,
  leads: 1_000,
  activities: 5_000,
});
console.log(
  `seeded one tenant in ${big.seconds.toFixed(1)} s: ${big.counts.contacts} contacts, ${big.counts.companies} companies, ${big.counts.deals} deals (${big.counts.openDeals} open), ${big.counts.leads} leads, ${big.counts.activities} activities, ${big.people.length} people`,
);

// ---------------------------------------------------------------------------------------------
// Loads.

interface Sample {
  ms: number;
  path: string;
  h1: string;
  nodes: number;
  /** The text of an alert on the page at first view (an error box), if any. */
  alert: string;
  api: number;
  /** Those API requests by route (ids as :id), in the order first asked. */
  apiPaths: Map<string, number>;
}

// Strings, not functions: tsx's transform may add helpers to a function that the page does not have.
const MARKED = "performance.getEntriesByName('trasealla:first-view').length > 0";
const PROBE = `(() => ({
  ms: performance.getEntriesByName('trasealla:first-view')[0].startTime,
  path: location.pathname,
  h1: (document.querySelector('main h1') || document.querySelector('h1'))?.textContent?.trim() ?? '',
  nodes: document.getElementsByTagName('*').length,
  alert: Array.from(document.querySelectorAll('[role=alert], .error')).map((e) => e.textContent.trim()).filter(Boolean).join(' / ').slice(0, 160),
}))()`;

const SHOTS = join(CACHE, 'screenshots');

/** One cold load; `shot` names a screenshot taken once the mark is read (the warm-up loads take them, outside the figures). */
async function load(browser: Browser, base: string, path: string, shot?: string): Promise<Sample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addCookies([{ name: SESSION_COOKIE, value: tenant.owner.token, url: base, httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    const apiPaths = new Map<string, number>();
    page.on('request', (r) => {
      const { pathname } = new URL(r.url());
      if (!pathname.startsWith('/api/')) return;
      const route = `${r.method()} ${pathname.replace(/\/[a-z]{3}_[0-9A-Za-z]{26}/g, '/:id')}`;
      apiPaths.set(route, (apiPaths.get(route) ?? 0) + 1);
    });
    await page.goto(`${base}${path}`, { waitUntil: 'commit', timeout: 60_000 });
    // Polled from here: page.evaluate goes through the DevTools protocol, which the page's CSP (no
    // 'unsafe-eval') does not stop, where waitForFunction's string predicate is an eval in the page.
    const until = Date.now() + 120_000;
    while (!(await page.evaluate<boolean>(MARKED))) {
      if (Date.now() > until) throw new Error(`no first-view mark on ${path} after 120 s`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const probe = await page.evaluate<Omit<Sample, 'api' | 'apiPaths'>>(PROBE);
    const sample = { ...probe, api: [...apiPaths.values()].reduce((a, b) => a + b, 0), apiPaths: new Map(apiPaths) };
    if (shot) {
      mkdirSync(SHOTS, { recursive: true });
      await page.waitForTimeout(1_000);
      await page.screenshot({ path: join(SHOTS, `${shot}.png`) });
    }
    return sample;
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

interface CaseResult {
  name: string;
  path: string;
  new: Sample[];
  old: Sample[];
  /** The warm-up loads' API requests. */
  warmUp: Partial<Record<'new' | 'old', Sample>>;
  errors: string[];
}

/** One case: a warm-up load on each UI, then LOADS each, taking turns (a burst of load on the machine lands on both). */
async function measureCase(browser: Browser, name: string, path: string): Promise<CaseResult> {
  const result: CaseResult = { name, path, new: [], old: [], warmUp: {}, errors: [] };
  const once = async (which: 'new' | 'old', keep: boolean) => {
    try {
      const shot = keep ? undefined : `${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}-${which}`;
      const sample = await load(browser, servers[which].url, path, shot);
      if (sample.alert) result.errors.push(`${which}: alert on the page: "${sample.alert}"`);
      if (sample.path !== path) result.errors.push(`${which}: landed on ${sample.path}`);
      if (keep) result[which].push(sample);
      else result.warmUp[which] = sample;
    } catch (error) {
      result.errors.push(`${which}: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  await once('new', false);
  await once('old', false);
  for (let i = 0; i < LOADS; i++) {
    const order: ('new' | 'old')[] = i % 2 === 0 ? ['new', 'old'] : ['old', 'new'];
    for (const which of order) await once(which, true);
  }
  return result;
}

const browser = await launchChromium();
console.log(`Chromium ${browser.version()}, headless; ${LOADS} loads per case and UI (after one warm-up each), a new context per load`);
const contact = big.featured.contact;
const results: CaseResult[] = [];
results.push(await measureCase(browser, 'contacts list', '/contacts'));
results.push(await measureCase(browser, `contact record page (${contact.name}, #${contact.rank} by last name)`, `/contacts/${contact.id}`));
results.push(await measureCase(browser, `deals board, ${big.counts.openDeals.toLocaleString('en')} open deals`, '/deals'));
const moved = await setOpenDeals(t, big, 10_000);
console.log(`moved ${moved} deals to open stages: ${big.counts.openDeals} of ${big.counts.deals} open`);
results.push(await measureCase(browser, `deals board, ${big.counts.openDeals.toLocaleString('en')} open deals`, '/deals'));
await browser.close();

const f0 = (n: number) => n.toFixed(0);
const describe = (samples: Sample[]) =>
  samples.length === 0
    ? { median: NaN, range: '-', h1: '-', nodes: '-', api: '-' }
    : {
        median: median(samples.map((s) => s.ms)),
        range: `${f0(Math.min(...samples.map((s) => s.ms)))}-${f0(Math.max(...samples.map((s) => s.ms)))}`,
        h1: samples[0]!.h1,
        nodes: f0(median(samples.map((s) => s.nodes))),
        api: f0(median(samples.map((s) => s.api))),
      };

console.log('\nNavigation start to first content (performance mark trasealla:first-view), ms, median of the loads');
console.log(
  '| case | new (React) ms | old ms | new/old | new range | old range | new: h1, DOM nodes, API calls | old: h1, DOM nodes, API calls |',
);
console.log('| --- | ---: | ---: | ---: | --- | --- | --- | --- |');
for (const r of results) {
  const n = describe(r.new);
  const o = describe(r.old);
  console.log(
    `| ${r.name} | ${f0(n.median)} | ${f0(o.median)} | ${(n.median / o.median).toFixed(2)}x | ${n.range} | ${o.range} | "${n.h1}", ${n.nodes}, ${n.api} | "${o.h1}", ${o.nodes}, ${o.api} |`,
  );
}
for (const r of results) for (const e of [...new Set(r.errors)]) console.log(`  ${r.name}: ${e}`);
console.log('\nAPI requests sent before the first-view mark was read (a warm-up load of each case)');
for (const r of results)
  for (const which of ['new', 'old'] as const) {
    const paths = r.warmUp[which]?.apiPaths;
    if (paths) console.log(`  ${r.name}, ${which}: ${[...paths].map(([route, n]) => (n > 1 ? `${route} x${n}` : route)).join(', ')}`);
  }
console.log(`Screenshots of each case's warm-up load (a second after first view): ${SHOTS}`);
if (placeholders.length > 0)
  console.log(
    `\nStill placeholders in web/src/screens when this ran (their first view is an empty screen, not the real one): ${placeholders.join(', ')}`,
  );

// ---------------------------------------------------------------------------------------------
// Bundle sizes.

interface ManifestChunk {
  file: string;
  name?: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;
const raw = (file: string) => readFileSync(file).length;
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Which screen (and route) a lazy chunk of web/src/screens is. */
const SCREENS: Record<string, string> = {
  login: '/login',
  dashboard: '/',
  board: '/deals (board)',
  'record-list': '/contacts, /companies, /deals/list, … (lists)',
  'record-page': '/contacts/:id, … (record pages)',
  'record-form': '/…/new, /…/:id/edit (forms)',
  tasks: '/tasks',
  import: '/import',
  trash: '/trash',
  settings: '/settings',
  'operator-tenants': '/admin/tenants',
};

const manifest = JSON.parse(readFileSync(join(newDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!;
/** A chunk and everything it imports statically (what must arrive before it runs). */
const closure = (key: string, seen = new Set<string>()): Set<string> => {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const i of manifest[key]?.imports ?? []) closure(i, seen);
  return seen;
};
const jsOf = (keys: Iterable<string>) => [...keys].map((k) => join(newDir, manifest[k]!.file)).filter((f) => f.endsWith('.js'));
const sum = (files: string[], size: (f: string) => number) => files.reduce((a, f) => a + size(f), 0);
const entryFiles = jsOf(closure(entryKey));

console.log(`\nThe new build's JavaScript per chunk (${newDir}), KB, gzip -9`);
console.log('| chunk | is | raw KB | gzip KB |');
console.log('| --- | --- | ---: | ---: |');
const rows = Object.entries(manifest)
  .filter(([, c]) => c.file.endsWith('.js'))
  .map(([key, c]) => {
    const screen = /src\/screens\/([^/]+)\.tsx$/.exec(key)?.[1];
    const is = c.isEntry ? 'entry (shell, router, login)' : screen ? `screen ${screen}: ${SCREENS[screen] ?? ''}` : 'shared chunk';
    return { file: c.file, is, raw: raw(join(newDir, c.file)), gzip: gz(join(newDir, c.file)), order: c.isEntry ? 0 : screen ? 1 : 2 };
  })
  .sort((a, b) => a.order - b.order || b.gzip - a.gzip);
for (const r of rows) console.log(`| ${r.file} | ${r.is} | ${kb(r.raw)} | ${kb(r.gzip)} |`);
const newTotalJs = sum(
  rows.map((r) => join(newDir, r.file)),
  gz,
);
const newCss = readdirSync(join(newDir, 'assets')).filter((f) => f.endsWith('.css'));

const oldAssets = readdirSync(join(oldDir, 'assets'));
const oldJs = oldAssets.filter((f) => f.endsWith('.js')).map((f) => join(oldDir, 'assets', f));
const oldCss = oldAssets.filter((f) => f.endsWith('.css')).map((f) => join(oldDir, 'assets', f));
const oldTotal = sum(oldJs, gz);

console.log(
  '\nWhat a first visit to each measured route fetches before its screen runs (entry + screen chunk + their static imports), gzip -9 KB',
);
console.log('| route | new JS KB | old JS KB (one bundle) | new/old |');
console.log('| --- | ---: | ---: | ---: |');
for (const [route, screen] of [
  ['/contacts', 'record-list'],
  ['/contacts/:id', 'record-page'],
  ['/deals', 'board'],
] as const) {
  const key = `src/screens/${screen}.tsx`;
  const files = manifest[key] ? jsOf(closure(key, closure(entryKey))) : entryFiles;
  const bytes = sum([...new Set(files)], gz);
  console.log(`| ${route} | ${kb(bytes)} | ${kb(oldTotal)} | ${(bytes / oldTotal).toFixed(2)}x |`);
}
console.log(
  `\nTotals, gzip -9: new JS ${kb(newTotalJs)} KB in ${rows.length} chunks (entry alone ${kb(sum(entryFiles, gz))} KB), CSS ${kb(
    sum(
      newCss.map((f) => join(newDir, 'assets', f)),
      gz,
    ),
  )} KB; old JS ${kb(oldTotal)} KB in ${oldJs.length} file(s), CSS ${kb(sum(oldCss, gz))} KB`,
);

for (const s of Object.values(servers)) {
  s.server.close();
  (s.server as { closeAllConnections?: () => void }).closeAllConnections?.();
}
await t.close();
rmSync(dataDir, { recursive: true, force: true });
