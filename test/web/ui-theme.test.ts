import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { airGappedPage, browserAndServer, browserAvailable, DESKTOP, screenshotPath, settled, signIn, type LiveServer } from './browser';

/*
 * The colour scheme under Settings → Your profile: System (the default) follows the browser's
 * prefers-color-scheme, Light and Dark override it, and the choice is kept in this browser across
 * a reload. What is checked is what a person sees: the luminance of the page's background.
 */

const run = browserAvailable();

/** Relative luminance (WCAG) of the body's computed background colour, 0 (black) to 1 (white). */
async function backgroundLuminance(page: Page): Promise<number> {
  const css = await page.evaluate<string>('getComputedStyle(document.body).backgroundColor');
  const m = /^rgba?\((\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)(?:[ ,/]+(\d*\.?\d+))?\)$/.exec(css);
  expect(m, `an opaque rgb() background, not ${css}`).not.toBeNull();
  expect(m![4] === undefined || Number(m![4]) === 1, `an opaque background, not ${css}`).toBe(true);
  const [r, g, b] = [m![1], m![2], m![3]].map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}

const isDark = async (page: Page) => (await backgroundLuminance(page)) < 0.1;

describe.skipIf(!run)('colour scheme: System, Light and Dark under Settings → Your profile', { timeout: 90_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let acme: TenantFixture;

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    acme = await createTenant(live.t, 'acme');
  });

  async function profile(scheme: 'light' | 'dark') {
    const { context, page } = await airGappedPage(browser, live, DESKTOP, { colorScheme: scheme });
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/settings`);
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    await settled(page);
    const choice = page.getByRole('group', { name: 'Colour scheme' });
    return { context, page, choose: (name: string) => choice.getByRole('radio', { name, exact: true }).check(), choice };
  }

  it('in a light system scheme, Dark makes the page dark at once and after a reload', async () => {
    const { context, page, choose, choice } = await profile('light');
    try {
      expect(await choice.getByRole('radio', { name: 'System' }).isChecked()).toBe(true);
      expect(await isDark(page)).toBe(false);
      await choose('Dark');
      await expect.poll(() => isDark(page)).toBe(true);
      expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
      expect(await page.evaluate<string>('getComputedStyle(document.documentElement).colorScheme')).toBe('dark');
      await page.reload();
      await page.getByRole('heading', { name: 'Your profile' }).waitFor();
      expect(await isDark(page)).toBe(true);
      expect(await choice.getByRole('radio', { name: 'Dark' }).isChecked()).toBe(true);
      await page.screenshot({ path: screenshotPath('theme-settings-dark-1280'), fullPage: true });
    } finally {
      await context.close();
    }
  });

  it('in a dark system scheme, System follows it and Light stays light, after a reload too', async () => {
    const { context, page, choose } = await profile('dark');
    try {
      expect(await isDark(page)).toBe(true); // the default is System
      await choose('Light');
      await expect.poll(() => isDark(page)).toBe(false);
      await page.reload();
      await page.getByRole('heading', { name: 'Your profile' }).waitFor();
      expect(await isDark(page)).toBe(false);
      expect(await page.evaluate<string>('getComputedStyle(document.documentElement).colorScheme')).toBe('light');
      await choose('System');
      await expect.poll(() => isDark(page)).toBe(true);
      expect(await page.evaluate<string | null>('document.documentElement.getAttribute("data-theme")')).toBeNull();
      await page.reload();
      await page.getByRole('heading', { name: 'Your profile' }).waitFor();
      expect(await isDark(page)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
