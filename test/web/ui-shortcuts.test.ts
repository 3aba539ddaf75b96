import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, type TenantFixture } from '../helpers/fixtures';
import { airGappedPage, axeViolations, browserAndServer, browserAvailable, serverApi, settled, signIn, type LiveServer } from './browser';

/*
 * The keyboard shortcuts (web/src/lib/shortcuts.ts): `?` lists them, `g` then a letter goes to a
 * screen, `/` searches, `n` / `e` open the new and edit forms, `j` / `k` walk the list the page
 * was opened from, Ctrl+Enter saves. Single keys are text while typing, and nothing for a viewer.
 */

const run = browserAvailable();
const path = (page: Page) => new URL(page.url()).pathname;

describe.skipIf(!run)('the web UI: keyboard shortcuts', { timeout: 120_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let acme: TenantFixture;
  const { api, create } = serverApi(
    () => live,
    () => acme.owner.token,
  );
  const contactTotal = async () => (await api<{ total: number }>('GET', '/api/contacts')).body.total;

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    acme = await createTenant(live.t, 'acme');
    for (const [firstName, lastName] of [
      ['Ada', 'Keyes'],
      ['Bram', 'Keyes'],
      ['Cleo', 'Keyes'],
    ])
      await create('/api/contacts', { firstName, lastName });
  });

  it('`?` opens the list of shortcuts (no serious axe finding), Escape closes it', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await settled(page);
    await page.keyboard.press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    for (const what of ['Go to contacts', 'Edit this record', 'Next record', 'Save the form', 'Search this list'])
      expect(text).toContain(what);
    expect(await axeViolations(page)).toEqual([]);
    // Keys inside the dialog do nothing else.
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    expect(path(page)).toBe('/');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    // And the header's button opens it by mouse.
    await page.getByRole('button', { name: /Keyboard shortcuts/ }).click();
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    await context.close();
  });

  it('`g c` goes to contacts, `/` focuses the search box, where `n` and `g c` are typed text', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await settled(page);
    await page.keyboard.press('g');
    await page.keyboard.press('c');
    await page.waitForURL(`${live.url}/contacts`);
    await settled(page);
    await page.keyboard.press('/');
    const box = page.getByRole('searchbox', { name: 'Search contacts' });
    expect(await page.evaluate<boolean>(`document.activeElement?.matches('#main form[role="search"] input[name="q"]') === true`)).toBe(
      true,
    );
    await page.keyboard.type('ngc');
    expect(await box.inputValue()).toBe('ngc');
    await page.waitForTimeout(200);
    expect(path(page)).toBe('/contacts');
    await context.close();
  });

  it('`n` on the list opens the new form; Ctrl+Enter in a field creates exactly one contact', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts`);
    await settled(page);
    const before = await contactTotal();
    await page.keyboard.press('n');
    await page.waitForURL(`${live.url}/contacts/new`);
    await settled(page);
    const form = page.locator('form.record-form');
    await form.getByLabel('First name').fill('Quick');
    await form.getByLabel('Last name').fill('Saver');
    await form.getByLabel('Last name').press('Control+Enter');
    await page.getByRole('heading', { name: 'Quick Saver', level: 1, exact: true }).waitFor();
    expect(path(page)).toMatch(/^\/contacts\/[^/]+$/);
    expect(await contactTotal()).toBe(before + 1);
    expect((await api<{ total: number }>('GET', '/api/contacts?q=Quick')).body.total).toBe(1);
    await context.close();
  });

  it('`e` opens the edit form; `j` / `k` walk the list the page was opened from, in its order', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts?q=Keyes`);
    await settled(page);
    const hrefs: string[] = [];
    for (const row of await page.locator('table.records tbody tr').all())
      hrefs.push((await row.locator('a[href^="/contacts/"]').first().getAttribute('href')) ?? '');
    expect(hrefs).toHaveLength(3);
    await page.locator(`table.records a[href="${hrefs[0]}"]`).first().click();
    await page.waitForURL(`${live.url}${hrefs[0]}`);
    await settled(page);
    await page.keyboard.press('j');
    await page.waitForURL(`${live.url}${hrefs[1]}`);
    await settled(page);
    await page.keyboard.press('j');
    await page.waitForURL(`${live.url}${hrefs[2]}`);
    await settled(page);
    await page.keyboard.press('j'); // the list's end: stays
    await page.waitForTimeout(200);
    expect(path(page)).toBe(hrefs[2]);
    await page.keyboard.press('k');
    await page.waitForURL(`${live.url}${hrefs[1]}`);
    await settled(page);
    await page.keyboard.press('e');
    await page.waitForURL(`${live.url}${hrefs[1]}/edit`);
    await page.locator('form.record-form').waitFor();
    await context.close();
  });

  it('a viewer: `n` and `e` do nothing', async () => {
    const viewer = await addMember(live.t, acme, 'viewer');
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, viewer.email);
    await page.goto(`${live.url}/contacts`);
    await settled(page);
    await page.keyboard.press('n');
    await page.waitForTimeout(300);
    expect(path(page)).toBe('/contacts');
    const first = await page.locator('table.records tbody a[href^="/contacts/"]').first().getAttribute('href');
    await page.goto(`${live.url}${first}`);
    await settled(page);
    await page.keyboard.press('e');
    await page.keyboard.press('n');
    await page.waitForTimeout(300);
    expect(path(page)).toBe(first);
    await context.close();
  });
});
