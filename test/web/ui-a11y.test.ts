import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { DAY, devKey } from '../license/helpers';
import {
  airGappedPage,
  axeViolations,
  browserAvailable,
  DESKTOP,
  launchChromium,
  PHONE,
  screenshotPath,
  serverApi,
  settled,
  signIn,
  startLiveServer,
  type LiveServer,
} from './browser';

/*
 * Every main screen through axe-core, at desktop and phone width, with a working license and
 * with one expired past its grace (read-only: the controls shown disabled, the red banner). A
 * screen fails on any serious or critical finding, and on any console error or refused CSP
 * directive while it was shown. One server and one browser; one context per width and mode, and
 * one more for the dark colour scheme (the system's, as Playwright's colorScheme sets it) at desktop.
 */

const run = browserAvailable();

type Mode = 'normal' | 'read-only';
type Scheme = 'light' | 'dark';

interface Seeded {
  contact: string;
  company: string;
  lead: string;
  deal: string;
}

/** A screen: where it is, what shows it is drawn, and what to do first (open a dialog). */
interface Screen {
  name: string;
  path: string;
  ready?: (page: Page) => Promise<void>;
  /** Not in read-only mode (its trigger is disabled there). */
  writes?: boolean;
  /** Only at phone width (the menu behind its button). */
  phone?: boolean;
}

function screens(s: Seeded): Screen[] {
  return [
    { name: 'dashboard', path: '/', ready: (p) => p.getByTestId('dashboard').waitFor() },
    { name: 'menu', path: '/', ready: openMenu, phone: true },
    { name: 'contacts-list', path: '/contacts', ready: (p) => p.getByRole('link', { name: 'Ada Lovelace' }).waitFor() },
    { name: 'companies-list', path: '/companies', ready: (p) => p.getByRole('link', { name: 'Analytical Engines' }).waitFor() },
    { name: 'leads-list', path: '/leads', ready: (p) => p.getByRole('link', { name: 'Difference engine interest' }).waitFor() },
    { name: 'deals-list', path: '/deals/list', ready: (p) => p.getByRole('link', { name: 'Engine No. 2' }).waitFor() },
    { name: 'deal-board', path: '/deals', ready: (p) => p.locator(`[data-deal-id="${s.deal}"]`).waitFor() },
    { name: 'products-list', path: '/products' },
    { name: 'contact-page', path: `/contacts/${s.contact}`, ready: timelineDrawn },
    { name: 'company-page', path: `/companies/${s.company}`, ready: timelineDrawn },
    { name: 'lead-page', path: `/leads/${s.lead}`, ready: timelineDrawn },
    { name: 'deal-page', path: `/deals/${s.deal}`, ready: timelineDrawn },
    { name: 'contact-new', path: '/contacts/new' },
    { name: 'contact-edit', path: `/contacts/${s.contact}/edit`, ready: (p) => p.getByRole('heading', { name: /^Edit / }).waitFor() },
    { name: 'deal-new', path: '/deals/new' },
    { name: 'deal-edit', path: `/deals/${s.deal}/edit`, ready: (p) => p.getByRole('heading', { name: /^Edit / }).waitFor() },
    { name: 'tasks', path: '/tasks', ready: (p) => p.getByText('Send the engine drawings').first().waitFor() },
    { name: 'import', path: '/import' },
    { name: 'trash', path: '/trash', ready: (p) => p.getByText('Scrapped Engine').first().waitFor() },
    { name: 'settings', path: '/settings', ready: (p) => p.getByRole('heading', { name: 'Pipelines' }).waitFor() },
    { name: 'operator-tenants', path: '/admin/tenants', ready: (p) => p.locator('table').first().waitFor() },
    { name: 'palette', path: '/', ready: openPalette },
    { name: 'confirm-dialog', path: '/trash', ready: openConfirmDialog, writes: true },
  ];
}

async function timelineDrawn(page: Page): Promise<void> {
  await page.getByText('Asked about the engine', { exact: false }).first().waitFor();
}

/** Radix's scroll lock is a <style> element, which the page's CSP allows only with its answer's nonce. */
async function expectScrollLocked(page: Page, what: string): Promise<void> {
  expect
    .soft(await page.evaluate<string>('getComputedStyle(document.body).overflow'), `the page behind ${what} does not scroll`)
    .toBe('hidden');
}

/** At phone width the main navigation opens from the Menu button, over the page. */
async function openMenu(page: Page): Promise<void> {
  await page.getByTestId('dashboard').waitFor();
  await page.getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).waitFor();
}

async function openPalette(page: Page): Promise<void> {
  await page.getByTestId('dashboard').waitFor();
  await page.keyboard.press('Control+k');
  await page.getByRole('dialog', { name: 'Search and commands' }).waitFor();
  await page.getByRole('option').first().waitFor();
  await expectScrollLocked(page, 'the palette');
}

/** A modal over the page: the confirmation before deleting for good. */
async function openConfirmDialog(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Delete for good Scrapped Engine' }).click();
  await page.getByRole('dialog', { name: 'Delete Scrapped Engine for good?' }).waitFor();
  await expectScrollLocked(page, 'the dialog');
}

/**
 * To another screen the way a link goes there (the router follows history.pushState): no reload,
 * so the sweep stays quick. The old heading is marked first, so the wait is for the new screen's.
 */
async function go(page: Page, path: string): Promise<void> {
  if ((await page.evaluate<string>('location.pathname + location.search')) === path) return settled(page);
  // A string, not a function: this project's Node types know no DOM.
  await page.evaluate(
    `for (const h of document.querySelectorAll('main h1')) h.setAttribute('data-left', ''); history.pushState(null, '', ${JSON.stringify(path)});`,
  );
  await page.locator('main h1:not([data-left])').waitFor();
  await settled(page);
}

/** Errors the page logged and directives it refused, from here on; `take()` empties the list. */
function watchConsole(page: Page): { take(): string[] } {
  let seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // Signed out, the session probe's answer is 401, which Chromium logs as a failed load: that is
    // the API saying "sign in", not an error of the page. Only that one, nothing else, is let through.
    if (/status of 401\b/.test(m.text()) && new URL(m.location().url).pathname === '/api/auth/me') return;
    seen.push(`console error: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => seen.push(`page error: ${e.message}`));
  return {
    take() {
      const out = seen;
      seen = [];
      return out;
    },
  };
}

describe.skipIf(!run)(
  'accessibility of every main screen (axe-core), normal and read-only, desktop and phone',
  { timeout: 120_000 },
  () => {
    let browser: Browser;
    let live: LiveServer;
    let acme: TenantFixture;
    let seeded: Seeded;
    const { api, create } = serverApi(
      () => live,
      () => acme.owner.token,
    );

    beforeAll(async () => {
      browser = await launchChromium();
      // A license that expires in 40 days: the read-only run moves the clock past it and its grace.
      live = await startLiveServer({ licenseKey: devKey({ expiresAt: new Date(Date.now() + 40 * DAY), maxUsers: 50 }) });
      // An operator, so the organisations screen is reachable too.
      acme = await createTenant(live.t, 'acme', { operator: true });
      const company = await create('/api/companies', { name: 'Analytical Engines' });
      const contact = await create('/api/contacts', {
        firstName: 'Ada',
        lastName: 'Lovelace',
        companyId: company.id,
        email: 'ada@example.com',
      });
      const lead = await create('/api/leads', {
        title: 'Difference engine interest',
        contactName: 'Charles Babbage',
        email: 'charles@example.com',
        value: 3000,
      });
      const deal = await create('/api/deals', { title: 'Engine No. 2', value: 12_000, companyId: company.id, contactId: contact.id });
      await create('/api/products', { name: 'Punch cards', unitPrice: 12 });
      for (const [link, id] of [
        ['contactId', contact.id],
        ['companyId', company.id],
        ['leadId', lead.id],
        ['dealId', deal.id],
      ] as const) {
        await create('/api/activities', { type: 'call', subject: 'Asked about the engine', body: 'Wants **two** copies.', [link]: id });
        await create('/api/activities', { type: 'note', subject: 'Drawings sent', [link]: id });
        await create('/api/tasks', { title: 'Send the engine drawings', dueAt: new Date(Date.now() + DAY).toISOString(), [link]: id });
      }
      // A change on the timeline (a field diff), an overdue task and something in the trash.
      expect((await api('PATCH', `/api/contacts/${contact.id}`, { title: 'Mathematician' })).status).toBe(200);
      await create('/api/tasks', { title: 'Overdue follow-up', dueAt: new Date(Date.now() - DAY).toISOString(), contactId: contact.id });
      const scrapped = await create('/api/companies', { name: 'Scrapped Engine' });
      expect((await api('DELETE', `/api/companies/${scrapped.id}`)).status).toBe(204);
      seeded = { contact: contact.id, company: company.id, lead: lead.id, deal: deal.id };
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await live?.close();
    });

    async function sweep(mode: Mode, viewport: typeof DESKTOP, scheme: Scheme = 'light'): Promise<void> {
      // 55 days on: 15 past expiry, the 14 days of grace over. Sessions are signed in afresh after it.
      live.clock.offsetMs = mode === 'read-only' ? 55 * DAY : 0;
      const { context, page } = await airGappedPage(browser, live, viewport, { colorScheme: scheme });
      // Light screenshots keep their names; dark ones are a11y-<screen>-dark-<width> (normal mode only).
      const shot = (name: string) => (scheme === 'dark' ? `a11y-${name}-dark-${viewport.width}` : `a11y-${name}-${mode}-${viewport.width}`);
      const logs = watchConsole(page);
      const problems: Record<string, string[]> = {};
      const audit = async (name: string) => {
        const found = [...(await axeViolations(page)), ...logs.take()];
        await page.screenshot({ path: screenshotPath(shot(name)), fullPage: true });
        if (found.length) problems[name] = found;
      };
      try {
        await page.goto(`${live.url}/login`);
        await page.getByRole('heading', { name: 'Sign in to Trasealla CRM' }).waitFor();
        if (scheme === 'dark') expect(await page.evaluate<string>('getComputedStyle(document.documentElement).colorScheme')).toBe('dark');
        await audit('sign-in');
        await signIn(page, live.url, acme.owner.email);
        if (mode === 'read-only') await expect.poll(() => page.locator('#license-banner').textContent()).toMatch(/^Read-only: /);
        logs.take(); // the sign-in page was audited above
        for (const screen of screens(seeded)) {
          if ((mode === 'read-only' && screen.writes) || (screen.phone && viewport !== PHONE)) continue;
          await go(page, screen.path);
          await screen.ready?.(page);
          await settled(page);
          await audit(screen.name);
          // A dialog is closed again (Escape, as a keyboard user would) before the next screen.
          if (await page.getByRole('dialog').count()) {
            await page.keyboard.press('Escape');
            await page.getByRole('dialog').waitFor({ state: 'detached' });
          }
        }
      } finally {
        await context.close();
      }
      // Every screen's findings at once, each line readable: rule (impact) at target: markup.
      expect(problems, `${mode} at ${viewport.width}px, ${scheme} scheme`).toEqual({});
    }

    // In this order: the dark pass is in normal mode, before the read-only runs have expired the license.
    for (const mode of ['normal', 'read-only'] as const) {
      for (const viewport of [DESKTOP, PHONE])
        it(`${mode}, ${viewport.width}px wide: no serious or critical finding, no console error, on any screen`, () =>
          sweep(mode, viewport));
      if (mode === 'normal')
        it('normal, 1280px wide, dark colour scheme: no serious or critical finding, no console error, on any screen', () =>
          sweep('normal', DESKTOP, 'dark'));
    }
  },
);
