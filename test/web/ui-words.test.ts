import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { airGappedPage, browserAndServer, browserAvailable, serverApi, settled, signIn, type LiveServer } from './browser';

/*
 * The words a user reads when something goes wrong: the API's field errors as sentences about the
 * field (never the validator's "Invalid input: expected …", never a generic headline on top), and
 * a lost connection as "Cannot reach the server" with a Retry that works once it is back (never
 * the browser's "Failed to fetch"). Offline is Chromium's own network emulation, not a mock.
 */

const run = browserAvailable();
/** What the validator or the browser would say if its words reached the user. */
const RAW = /Invalid input|expected (string|number)|received (null|undefined)|Too small|Too big|Failed to fetch|The request is not valid/i;

describe.skipIf(!run)('the web UI: errors in plain words', { timeout: 120_000 }, () => {
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
    await create('/api/companies', { name: 'Reachable Ltd' });
  });

  it('refused fields read as sentences about the field, with no generic headline and nothing created', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts/new`);
    await settled(page);
    const form = page.locator('form.record-form');
    await form.getByLabel('First name').fill('Wordy');
    await form.getByLabel('Last name').fill('Person');
    await form.getByLabel('Email').fill('wordy@');
    await page.getByRole('button', { name: 'Create contact' }).click();
    const emailError = page.locator('[data-field="email"] .field-error');
    await emailError.waitFor();
    expect(await emailError.textContent()).toBe('Not a valid email address.');
    expect(await form.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('main').textContent()).not.toMatch(RAW);
    expect((await api<{ total: number }>('GET', '/api/contacts?q=Wordy')).body.total).toBe(0);

    // Corrected, it goes through.
    await form.getByLabel('Email').fill('wordy@example.com');
    await page.getByRole('button', { name: 'Create contact' }).click();
    await page.getByRole('heading', { name: 'Wordy Person', level: 1, exact: true }).waitFor();
    expect((await api<{ total: number }>('GET', '/api/contacts?q=Wordy')).body.total).toBe(1);
    await context.close();
  });

  it('offline: a screen says "Cannot reach the server" with a Retry, which shows it once the connection is back', async () => {
    const { context, page } = await airGappedPage(browser, live);
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts`);
    await settled(page);
    await context.setOffline(true);
    // In-app navigation: the page is loaded, only its API requests fail.
    await page.getByRole('navigation').getByRole('link', { name: 'Companies', exact: true }).click();
    const notice = page.getByText('Cannot reach the server. Check the connection and try again.');
    await notice.waitFor();
    expect(await page.locator('main').textContent()).not.toMatch(RAW);
    const retry = page.getByRole('button', { name: 'Retry' });
    await retry.waitFor();

    await context.setOffline(false);
    await retry.click();
    await page.getByRole('link', { name: 'Reachable Ltd' }).waitFor();
    expect(await notice.count()).toBe(0);
    await context.close();
  });
});
