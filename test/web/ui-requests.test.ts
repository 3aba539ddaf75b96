import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { airGappedPage, browserAndServer, browserAvailable, serverApi, settled, signIn, type LiveServer } from './browser';
import type { Browser } from 'playwright-core';

const run = browserAvailable();

/**
 * The names of linked records on a screen come in one list request per type (GET
 * /api/companies?ids=…), not one GET /api/companies/{id} per row: a contacts page at 26
 * companies, the deal list, and the board's cards.
 */
describe.skipIf(!run)('the web UI: linked names in one request per screen', { timeout: 120_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let acme: TenantFixture;
  const tag = `req${Date.now().toString(36)}`;
  const COUNT = 26;
  let open: { id: string; kind: string }[];

  const { api, create } = serverApi(
    () => live,
    () => acme.owner.token,
  );

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    acme = await createTenant(live.t, 'acme');
    const pipelines = await api<{ data: { isDefault: boolean; stages: { id: string; kind: string }[] }[] }>('GET', '/api/pipelines');
    open = pipelines.body.data.find((p) => p.isDefault)!.stages.filter((s) => s.kind === 'open');
    for (let n = 0; n < COUNT; n++) {
      const company = await create('/api/companies', { name: `${tag} Company ${n}` });
      const contact = await create('/api/contacts', { firstName: `${tag} Person`, lastName: `N${n}`, companyId: company.id });
      // Deals in two stages: the board fetches each column on its own.
      if (n < 12)
        await create('/api/deals', { title: `${tag} deal ${n}`, companyId: company.id, contactId: contact.id, stageId: open[n % 2]!.id });
    }
  });

  /** Every API request the page makes from now on, as path and query. */
  function recordRequests(page: Page): URL[] {
    const seen: URL[] = [];
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (r.method() === 'GET' && url.pathname.startsWith('/api/')) seen.push(url);
    });
    return seen;
  }

  const lists = (seen: URL[], type: string) => seen.filter((u) => u.pathname === `/api/${type}` && u.searchParams.has('ids'));
  const singles = (seen: URL[], type: string) => seen.filter((u) => new RegExp(`^/api/${type}/[a-z]{2,4}_[0-9A-Z]{26}$`).test(u.pathname));

  function expectBatched(seen: URL[], type: string) {
    const paths = seen.map((u) => u.pathname + u.search).join('\n');
    expect(lists(seen, type).length, paths).toBeGreaterThanOrEqual(1);
    expect(lists(seen, type).length, paths).toBeLessThanOrEqual(2);
    expect(singles(seen, type), paths).toEqual([]);
  }

  /** The texts of the cells (or card lines) that show a linked name of ours. */
  const namesShown = (page: Page, selector: string, word: string) =>
    page
      .locator(selector)
      .filter({ hasText: `${tag} ${word}` })
      .allTextContents();

  it('the contacts list: every row shows its company, fetched in one list request', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    const seen = recordRequests(page);
    await page.goto(`${live.url}/contacts?limit=25`);
    await settled(page);
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(25);
    await expect.poll(() => namesShown(page, 'table.records tbody td a', 'Company').then((t) => t.length)).toBe(25);
    // Each row its own company (the newest contacts first: companies 25 down to 1).
    const names = new Set(await namesShown(page, 'table.records tbody td a', 'Company'));
    expect(names.size).toBe(25);
    expectBatched(seen, 'companies');
    expect(lists(seen, 'companies')[0]!.searchParams.get('ids')!.split(',')).toHaveLength(25);
    await context.close();
  });

  it('the deal list: companies and contacts, one list request each', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    const seen = recordRequests(page);
    await page.goto(`${live.url}/deals/list`);
    await settled(page);
    await expect.poll(() => namesShown(page, 'table.records tbody td a', 'Company').then((t) => t.length)).toBe(12);
    await expect.poll(() => namesShown(page, 'table.records tbody td a', 'Person').then((t) => t.length)).toBe(12);
    expectBatched(seen, 'companies');
    expectBatched(seen, 'contacts');
    await context.close();
  });

  it("the board: every card shows its deal's company, with no request per card", async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    const seen = recordRequests(page);
    await page.goto(`${live.url}/deals`);
    await settled(page);
    const cards = '[role="list"][aria-label^="Deals in"] .deal-facts dd';
    await expect.poll(() => namesShown(page, cards, 'Company').then((t) => t.length)).toBe(12);
    expect(await page.locator(cards).filter({ hasText: 'A company in the trash' }).count()).toBe(0);
    expectBatched(seen, 'companies');
    await context.close();
  });

  // Last: its trashed companies would be single lookups on the other screens too.
  it('the board: a card whose company is in the trash still says so, through the single lookup', async () => {
    const trashed: string[] = [];
    for (const n of [1, 2]) {
      const company = await create('/api/companies', { name: `${tag} Gone ${n}` });
      await create('/api/deals', { title: `${tag} gone deal ${n}`, companyId: company.id, stageId: open[0]!.id });
      expect((await api('DELETE', `/api/companies/${company.id}`)).status).toBe(204);
      trashed.push(company.id);
    }
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    const seen = recordRequests(page);
    await page.goto(`${live.url}/deals`);
    await settled(page);
    const cards = '[role="list"][aria-label^="Deals in"] .deal-facts dd';
    await expect.poll(() => namesShown(page, cards, 'Company').then((t) => t.length)).toBe(12);
    await expect.poll(() => page.locator(cards).filter({ hasText: 'A company in the trash' }).count()).toBe(2);
    // The batch asked for them too and did not get them: each then had its own GET (a 404), and only they.
    expect(lists(seen, 'companies').flatMap((u) => u.searchParams.get('ids')!.split(','))).toEqual(expect.arrayContaining(trashed));
    expect(new Set(singles(seen, 'companies').map((u) => u.pathname.split('/').pop()))).toEqual(new Set(trashed));
    await context.close();
  });
});
