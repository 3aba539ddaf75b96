import { serve, type ServerType } from '@hono/node-server';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { PASSWORD } from '../helpers/fixtures';
import type { Clock } from '../../platform/clock';
import { ROOT } from '../helpers/cli-process';
import { skipSuite } from '../helpers/skip';
import { createTestApp, type TestApp } from '../helpers/test-app';

import { CHROMIUM, launchChromium } from './chromium';

export { CHROMIUM, launchChromium };
export const WEB_DIR = join(ROOT, 'web');
// TRASEALLA_TEST_WEB_DIST: a build of one's own (vite build --outDir), for several people testing UI changes at once.
export const WEB_DIST = process.env.TRASEALLA_TEST_WEB_DIST ?? join(WEB_DIR, 'dist');
export const SCREENSHOTS = join(ROOT, 'test-artifacts', 'screenshots');

/**
 * Whether the browser suite runs: Chromium missing is a failure, unless the
 * machine says on purpose that it has no browser (TRASEALLA_SKIP_BROWSER=1).
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.TRASEALLA_SKIP_BROWSER === '1') {
    skipSuite(true, {
      suite: 'a browser suite (test/web)',
      reason: `TRASEALLA_SKIP_BROWSER=1 and ${CHROMIUM} is absent. Install it with: apt-get install chromium`,
      allowedBy: 'TRASEALLA_SKIP_BROWSER',
    });
    return false;
  }
  throw new Error(
    `${CHROMIUM} is missing: install Debian's chromium (apt-get install chromium), or set TRASEALLA_SKIP_BROWSER=1 to skip the browser tests on purpose.`,
  );
}

/** A clock that follows real time plus an offset the test can move (browser cookies live in real time). */
export function offsetClock(): Clock & { offsetMs: number } {
  const clock = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
  return clock;
}

export interface LiveServer {
  t: TestApp;
  url: string;
  clock: ReturnType<typeof offsetClock>;
  close(): Promise<void>;
}

/** The real app over real HTTP on loopback, serving the built UI. */
export async function startLiveServer(options: { licenseKey?: string | null } = {}): Promise<LiveServer> {
  const clock = offsetClock();
  const t = await createTestApp({
    clock,
    config: { webDir: WEB_DIST, logLevel: 'warn' },
    ...(options.licenseKey !== undefined ? { licenseKey: options.licenseKey } : {}),
  });
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    t,
    clock,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await t.close();
    },
  };
}

export function screenshotPath(name: string): string {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return join(SCREENSHOTS, `${name}.png`);
}

export const DESKTOP = { width: 1280, height: 900 };
export const PHONE = { width: 390, height: 844 };

/** A fresh browser context and page that may talk to the live server only (air-gapped: anything else is aborted). */
export async function airGappedPage(
  browser: Browser,
  live: LiveServer,
  viewport = DESKTOP,
  options: { colorScheme?: 'light' | 'dark' } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  await context.route('**/*', (route) => (route.request().url().startsWith(live.url) ? route.continue() : route.abort()));
  return { context, page };
}

/** Signs in through the form and waits for the dashboard. */
export async function signIn(page: Page, url: string, email: string, password = PASSWORD): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByRole('heading', { name: 'Sign in to Trasealla CRM' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('dashboard').waitFor();
}

/** A page fully drawn: its heading is there and the loading line is gone. */
export async function settled(page: Page): Promise<void> {
  await page.locator('main h1').waitFor();
  // Several sections may be loading at once: all of them gone, not one (a strict locator would throw).
  await expect.poll(() => page.locator('.loading').count(), { timeout: 15_000 }).toBe(0);
}

/** A list as a viewer sees it: no row checkboxes, no bulk actions, no "New …" link. */
export async function expectReadOnlyList(page: Page, newLink: string): Promise<void> {
  expect(await page.locator('table.records input[type="checkbox"]').count()).toBe(0);
  expect(await page.getByRole('group', { name: 'Bulk actions' }).count()).toBe(0);
  expect(await page.getByRole('link', { name: newLink }).count()).toBe(0);
}

interface AxeOptions {
  /** CSS selectors to audit (default: the whole document). */
  include?: string[];
  /** axe-core tags to run (default: every rule). */
  runOnly?: string[];
  /** Also the minor and moderate findings, not only the serious and critical ones. */
  allImpacts?: boolean;
}

let axeSource: string | undefined;

/**
 * axe-core's findings on the page as it is, one line per element: rule, impact, target and the
 * element's markup, so a failure reads without a rerun. Evaluated through the protocol: the page's
 * CSP allows no inline script. By default only serious and critical findings count.
 */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<string[]> {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  await page.evaluate(axeSource);
  const context = options.include ? JSON.stringify({ include: options.include.map((s) => [s]) }) : 'document';
  const run = options.runOnly
    ? `{ runOnly: ${JSON.stringify(options.runOnly)}, resultTypes: ['violations'] }`
    : `{ resultTypes: ['violations'] }`;
  const found = await page.evaluate<{ id: string; impact: string; nodes: { target: string[]; html: string }[] }[]>(
    `axe.run(${context}, ${run}).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target, html: n.html })) })))`,
  );
  return found
    .filter((v) => options.allImpacts || v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`));
}

/** Screenshots at both widths; at the phone's, nothing may scroll sideways. */
export async function screenshotsAtBothWidths(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: screenshotPath(`${name}-1280`), fullPage: true });
  await page.setViewportSize(PHONE);
  expect(await page.evaluate<number>('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: screenshotPath(`${name}-390`), fullPage: true });
  await page.setViewportSize(DESKTOP);
}

/** The API in process, as the holder of `token()` sees it: the server's state, not the page's. */
export function serverApi(live: () => LiveServer, token: () => string) {
  async function api<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    as = token(),
  ): Promise<{ status: number; body: T }> {
    const res = await live().t.app.request(path, {
      method,
      headers: { authorization: `Bearer ${as}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (res.status === 204 ? {} : await res.json()) as T };
  }
  async function create<T = { id: string }>(path: string, body: unknown): Promise<T> {
    const res = await api<T>('POST', path, body);
    expect(res.status, `${path} ${JSON.stringify(res.body)}`).toBe(201);
    return res.body;
  }
  return { api, create };
}

/**
 * Chromium and a live server for one describe block: started before its own hooks run (web/dist
 * is built once by test/global-setup.ts), closed after it. `set` hands them to the block's variables.
 */
export function browserAndServer(set: (browser: Browser, live: LiveServer) => void): void {
  let browser: Browser | undefined;
  let live: LiveServer | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
    live = await startLiveServer();
    set(browser, live);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await live?.close();
  });
}

/**
 * Every row a list route answers, over all its pages (`limit` a page, following nextCursor to the
 * end): the server's state, independent of how the UI pages. `path` may carry its own query.
 */
export async function allPages<T>(
  api: (method: string, path: string) => Promise<{ status: number; body: unknown }>,
  path: string,
  limit = 100,
): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(path, 'http://x');
    url.searchParams.set('limit', String(limit));
    if (cursor) url.searchParams.set('cursor', cursor);
    const res = await api('GET', `${url.pathname}${url.search}`);
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    const page = res.body as { data: T[]; nextCursor: string | null };
    out.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/** A board column's header line read back as figures: "1,204 deals · EUR 1,200.50 + USD 40" → count and totals (in cents). */
export function parseColumnLine(line: string): { count: number; totals: { currency: string; cents: number }[] } {
  const [head = '', rest] = line.split(' · ');
  const count = Number(head.replace(/ deals?$/, '').replace(/,/g, ''));
  const totals = (rest ? rest.split(' + ') : []).map((part) => {
    const [currency = '', amount = ''] = part.split(' ');
    return { currency, cents: Math.round(Number(amount.replace(/,/g, '')) * 100) };
  });
  return { count, totals };
}

/** Drags a board card with the mouse in small steps (the pointer sensor starts after a few pixels), dropping on the target's upper part. */
export async function mouseDrag(page: Page, from: Locator, to: Locator): Promise<void> {
  await from.scrollIntoViewIfNeeded();
  const a = (await from.boundingBox())!;
  await page.mouse.move(a.x + 16, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(a.x + 30, a.y + a.height / 2 + 10, { steps: 4 });
  const b = (await to.boundingBox())!;
  await page.mouse.move(b.x + b.width / 2, b.y + 70, { steps: 12 });
  await page.mouse.up();
}

/** The PATCH requests a page sends to single deals, counted from here on (their bodies). */
export function dealPatchesOf(page: Page): string[] {
  const seen: string[] = [];
  page.on('request', (r) => {
    if (r.method() === 'PATCH' && /\/api\/deals\/dea_[^/?]+$/.test(new URL(r.url()).pathname)) seen.push(r.postData() ?? '');
  });
  return seen;
}

/** A CSV body as rows of cells (quoted cells with commas, quotes and newlines handled); blank lines dropped. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += ch;
  }
  if (cell || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((c) => c !== ''));
}

/** Picks a record or person in a type-ahead picker: opens it, types, and chooses the option by its name. */
export async function pick(page: Page, trigger: Locator, search: string, option: string): Promise<void> {
  await trigger.click();
  await page.locator('.picker-panel [cmdk-input]').fill(search);
  await page.locator('.picker-panel').getByRole('option', { name: option, exact: true }).click();
  await page.locator('.picker-panel').waitFor({ state: 'detached' });
}
