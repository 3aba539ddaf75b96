import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { airGappedPage, browserAndServer, browserAvailable, parseCsvRows, serverApi, settled, signIn, type LiveServer } from './browser';

const run = browserAvailable();

describe.skipIf(!run)('the web UI: list export and "select all matching"', { timeout: 120_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let acme: TenantFixture;

  const { api, create } = serverApi(
    () => live,
    () => acme.owner.token,
  );

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    acme = await createTenant(live.t, 'acme');
  });

  type Contact = { id: string; email: string | null };
  /** Every live (or trashed) contact the API lists for q (all when q is empty), over all pages. */
  async function listed(q: string, trash = false): Promise<Contact[]> {
    const out: Contact[] = [];
    let cursor: string | null = null;
    do {
      const params: URLSearchParams = new URLSearchParams({
        ...(q ? { q } : {}),
        limit: '100',
        ...(trash ? { trash: 'true' } : {}),
        ...(cursor ? { cursor } : {}),
      });
      const res: { status: number; body: { data: Contact[]; nextCursor: string | null } } = await api<{
        data: Contact[];
        nextCursor: string | null;
      }>('GET', `/api/contacts?${params}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      out.push(...res.body.data);
      cursor = res.body.nextCursor;
    } while (cursor);
    return out;
  }

  it('after a search, the Export CSV link downloads exactly the searched rows', async () => {
    const tag = `exq${Date.now().toString(36)}`;
    for (let n = 1; n <= 4; n++)
      await create('/api/contacts', { firstName: 'Ex', lastName: `${tag} ${n}`, email: `${tag}-${n}@example.com` });
    for (let n = 1; n <= 3; n++)
      await create('/api/contacts', { firstName: 'Ex', lastName: `Else ${n}`, email: `else-${tag.slice(3)}-${n}@other.example` });

    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts`);
    await settled(page);
    await page.getByLabel('Search contacts').fill(tag);
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(4);

    const href = await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    expect(href).toContain(`q=${tag}`);
    const res = await context.request.get(new URL(href!, live.url).toString());
    expect(res.status()).toBe(200);
    const [header, ...rows] = parseCsvRows(await res.text());
    const idCol = header!.indexOf('id');
    const emailCol = header!.indexOf('email');
    expect(idCol, header!.join(',')).toBeGreaterThanOrEqual(0);
    expect(emailCol, header!.join(',')).toBeGreaterThanOrEqual(0);

    const expected = await listed(tag);
    expect(expected).toHaveLength(4);
    expect(rows.map((r) => r[idCol]).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(rows.map((r) => r[emailCol]).sort()).toEqual(expected.map((c) => c.email).sort());
    await context.close();
  });

  it('"Select all N matching" deletes exactly the N matching records over all pages; Undo restores all N', async () => {
    const tag = `sam${Date.now().toString(36)}`;
    const others = `oth${Date.now().toString(36)}`;
    for (let n = 1; n <= 60; n++) await create('/api/contacts', { firstName: tag, lastName: `P${String(n).padStart(2, '0')}` });
    for (let n = 1; n <= 10; n++) await create('/api/contacts', { firstName: others, lastName: `Q${n}` });
    const matching = (await listed(tag)).map((c) => c.id).sort();
    const kept = (await listed(others)).map((c) => c.id).sort();
    expect(matching).toHaveLength(60);
    expect(kept).toHaveLength(10);

    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts?q=${tag}&limit=25`);
    await settled(page);
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(25);
    const selectMatching = page.getByRole('button', { name: 'Select all 60 matching' });
    expect(await selectMatching.count()).toBe(0);
    await page.getByLabel('Select all on this page').check();
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await bar.getByText('25 selected').waitFor();
    await selectMatching.click();
    await bar.getByText('All 60 matching selected').waitFor();

    const bulkBodies: unknown[] = [];
    page.on('request', (r) => {
      if (r.url().includes('/api/contacts/bulk')) bulkBodies.push(r.postDataJSON());
    });
    await bar.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByRole('dialog', { name: 'Delete 60 contacts?' }).getByRole('button', { name: 'Delete' }).click();
    const toast = page.locator('.toast').filter({ hasText: 'Deleted 60 contacts.' });
    await toast.waitFor();
    expect(bulkBodies).toEqual([{ action: 'delete', filter: { q: tag }, expectedTotal: 60 }]);

    expect(await listed(tag)).toEqual([]);
    // The trash, searched by id (a deleted record need not answer to the search).
    const trashed = new Set((await listed('', true)).map((c) => c.id));
    expect(matching.filter((id) => trashed.has(id))).toEqual(matching);
    expect(kept.filter((id) => trashed.has(id))).toEqual([]);
    expect((await listed(others)).map((c) => c.id).sort()).toEqual(kept);
    await page.getByText(`No contacts match “${tag}”.`).waitFor();

    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Restored 60 contacts.').waitFor();
    expect(bulkBodies).toHaveLength(2);
    expect(bulkBodies[1]).toMatchObject({ action: 'restore' });
    expect(((bulkBodies[1] as { ids: string[] }).ids ?? []).slice().sort()).toEqual(matching);
    expect((await listed(tag)).map((c) => c.id).sort()).toEqual(matching);
    const stillTrashed = new Set((await listed('', true)).map((c) => c.id));
    expect(matching.filter((id) => stillTrashed.has(id))).toEqual([]);
    expect((await listed(others)).map((c) => c.id).sort()).toEqual(kept);
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(25);
    await context.close();
  });
});
