import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, json, PASSWORD, userRow, type TenantFixture } from '../helpers/fixtures';
import { airGappedPage, browserAndServer, signIn, DESKTOP, PHONE, browserAvailable, screenshotPath, type LiveServer } from './browser';

/*
 * Settings (profile, password, organisation), operators' organisations, CSV
 * import with column mapping and session expiry, in real Chromium against the
 * real server. Every step that changes something is checked on the server.
 */

const run = browserAvailable();

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
/** Waits (Playwright's own timeout: scrypt on two busy cores is slow) for a field's inline error with this text. */
const fieldError = (page: Page, name: string, text: string | RegExp) =>
  page.locator(`[data-field="${name}"] .field-error:visible`, { hasText: text }).waitFor();

/** Drawn, loaded, and never wider than the viewport; then saved. */
async function snap(page: Page, name: string) {
  await page.locator('main h1').waitFor();
  await page.locator('.loading').waitFor({ state: 'detached' });
  const width = page.viewportSize()!.width;
  if (width === PHONE.width)
    expect(await page.evaluate<number>('document.documentElement.scrollWidth'), name).toBeLessThanOrEqual(PHONE.width);
  await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
}

describe.skipIf(!run)('settings, operators, import mapping and session expiry in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let ops: TenantFixture;

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    ops = await createTenant(live.t, 'ops', { operator: true });
  });

  const newPage = (viewport = DESKTOP) => airGappedPage(browser, live, viewport);
  const get = async <T>(path: string, token: string): Promise<T> => {
    const res = await live.t.app.request(path, bearer(token));
    expect(res.status, path).toBe(200);
    return (await res.json()) as T;
  };
  const loginStatus = async (email: string, password: string) =>
    (await live.t.app.request('/api/auth/login', json('POST', { email, password }))).status;

  it('a person changes their name and password; the new password signs in, the old one does not', async () => {
    const member = await addMember(live.t, ops, 'member');
    const { context, page } = await newPage();
    await signIn(page, live.url, member.email);
    await nav(page, 'Settings').click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();

    await page.getByLabel('Your name').fill('Marta Quintero');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Saved. Your name is now Marta Quintero.').waitFor();
    expect((await userRow(live.t.deps, ops.tenantId, member.id))?.name).toBe('Marta Quintero');
    expect(await page.locator('.who').textContent()).toContain('Marta Quintero');

    const current = page.getByLabel('Current password');
    const next = page.getByLabel('New password', { exact: true });
    const confirm = page.getByLabel('Confirm new password');
    const change = page.getByRole('button', { name: 'Change password' });
    // The confirmation is checked here, before anything is sent.
    await current.fill(PASSWORD);
    await next.fill('Blue-Lagoon-7731');
    await confirm.fill('Blue-Lagoon-7732');
    await change.click();
    await fieldError(page, 'confirmPassword', 'This does not match the new password.');
    expect(await confirm.getAttribute('aria-invalid')).toBe('true');
    // The server's answers, next to the field they are about.
    await current.fill('Not-My-Password-1');
    await confirm.fill('Blue-Lagoon-7731');
    await change.click();
    await fieldError(page, 'currentPassword', 'The current password is not correct.');
    await current.fill(PASSWORD);
    await next.fill('short1');
    await confirm.fill('short1');
    await change.click();
    await fieldError(page, 'newPassword', 'Use at least 10 characters.');
    expect(await loginStatus(member.email, PASSWORD)).toBe(200); // nothing changed yet
    await next.fill('Blue-Lagoon-7731');
    await confirm.fill('Blue-Lagoon-7731');
    await change.click();
    await page.getByText('Your password has been changed.', { exact: false }).waitFor();
    expect(await current.inputValue()).toBe('');
    await page.screenshot({ path: screenshotPath('settings-profile-1280'), fullPage: true });
    await page.setViewportSize(PHONE);
    await snap(page, 'settings-profile');
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('The email or password is not correct.').waitFor();
    await page.getByLabel('Password').fill('Blue-Lagoon-7731');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('dashboard').waitFor();
    expect(await loginStatus(member.email, PASSWORD)).toBe(401);
    expect(await loginStatus(member.email, 'Blue-Lagoon-7731')).toBe(200);
    await context.close();
  });

  it('an owner renames the organisation and changes its settings; a member sees them read-only', async () => {
    const globex = await createTenant(live.t, 'globex');
    const { context, page } = await newPage();
    await signIn(page, live.url, globex.owner.email);
    await page.goto(`${live.url}/settings`);
    const name = page.getByLabel('Organisation name');
    await expect.poll(() => name.inputValue(), { timeout: 15_000 }).toBe(globex.name);
    await name.fill('Globex Health Iberia');
    await page.getByLabel('Time zone').fill('Mars/Olympus');
    await page.getByLabel('Currency').fill('eur');
    await page.getByRole('button', { name: 'Save organisation' }).click();
    await fieldError(page, 'settings.timezone', 'Not a known IANA time zone');
    expect((await get<{ name: string }>('/api/tenant', globex.owner.token)).name).toBe(globex.name); // refused as a whole
    await page.getByLabel('Time zone').fill('Europe/Madrid');
    await page.getByLabel('Logo text').fill('Globex');
    await page.getByRole('button', { name: 'Save organisation' }).click();
    await page.getByText('Saved the organisation settings.').waitFor();
    const saved = await get<{ name: string; settings: { timezone: string; currency: string; branding: { logoText?: string } } }>(
      '/api/tenant',
      globex.owner.token,
    );
    expect(saved).toMatchObject({
      name: 'Globex Health Iberia',
      settings: { timezone: 'Europe/Madrid', currency: 'EUR', branding: { logoText: 'Globex' } },
    });
    expect(await page.locator('.who').textContent()).toContain('Globex Health Iberia');
    await snap(page, 'settings-tenant');
    await context.close();

    const member = await addMember(live.t, globex, 'member');
    const phone = await newPage(PHONE);
    await signIn(phone.page, live.url, member.email);
    await phone.page.goto(`${live.url}/settings`);
    const section = phone.page.getByRole('region', { name: 'Organisation', exact: true });
    await section.getByText('Only owners and admins can change these.').waitFor();
    await section.getByText('Globex Health Iberia').waitFor();
    await section.getByText('Europe/Madrid').waitFor();
    expect(await phone.page.getByLabel('Organisation name').count()).toBe(0);
    expect(await phone.page.getByRole('button', { name: 'Save organisation' }).count()).toBe(0);
    await snap(phone.page, 'settings-tenant-read-only');
    await phone.context.close();
  });

  it('an operator creates an organisation with its owner and suspends it; others get a plain refusal', async () => {
    const { context, page } = await newPage();
    await signIn(page, live.url, ops.owner.email);
    await page.goto(`${live.url}/settings`);
    await page.getByRole('link', { name: 'Organisations on this server' }).click();
    await page.getByRole('heading', { name: 'Organisations on this server', level: 1 }).waitFor();
    expect(await nav(page, 'Organisations').getAttribute('aria-current')).toBe('page');

    await page.getByLabel('Organisation name').fill('Initech Clinics');
    expect(await page.getByLabel('Slug').inputValue()).toBe('initech-clinics');
    await page.getByLabel("Owner's name").fill('Bill Lumbergh');
    await page.getByLabel("Owner's email").fill('bill@initech.example');
    // The password policy's message comes back next to its field.
    await page.getByLabel("Owner's initial password").fill('short');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await fieldError(page, 'owner.password', 'Use at least 10 characters.');
    await page.getByRole('button', { name: 'Generate a password' }).click();
    const password = await page.getByLabel("Owner's initial password").inputValue();
    expect(password).toMatch(/^[A-Za-z0-9]{5}-[A-Za-z0-9]{5}-[A-Za-z0-9]{5}$/);
    await page.getByRole('button', { name: 'Create organisation' }).click();
    const shown = page.locator('.credentials');
    await shown.getByText('Created “Initech Clinics”.').waitFor();
    expect(await shown.locator('code').allTextContents()).toEqual(['initech-clinics', 'bill@initech.example', password]);
    type Page_ = { data: { id: string; slug: string; status: string }[] };
    const created = (await get<Page_>('/api/admin/tenants?limit=200', ops.owner.token)).data.find((t) => t.slug === 'initech-clinics')!;
    expect(created.status).toBe('active');
    expect(await loginStatus('bill@initech.example', password)).toBe(200);
    const row = page.locator(`tr[data-tenant-id="${created.id}"]`);
    await row.getByText('active').waitFor();
    await snap(page, 'operator-tenants');

    // Escape cancels: nothing changes.
    await page.getByRole('button', { name: 'Suspend Initech Clinics' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend Initech Clinics?' });
    await dialog.waitFor();
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Cancel');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect((await get<Page_>('/api/admin/tenants?limit=200', ops.owner.token)).data.find((t) => t.id === created.id)!.status).toBe(
      'active',
    );
    // Confirmed: suspended on the server, and its owner can no longer sign in.
    await page.getByRole('button', { name: 'Suspend Initech Clinics' }).click();
    await dialog.waitFor();
    await page.screenshot({ path: screenshotPath('operator-confirm-1280') });
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await page.getByText('Suspended Initech Clinics.').waitFor();
    await row.getByText('suspended').waitFor();
    expect((await get<Page_>('/api/admin/tenants?limit=200', ops.owner.token)).data.find((t) => t.id === created.id)!.status).toBe(
      'suspended',
    );
    expect(await loginStatus('bill@initech.example', password)).not.toBe(200);
    expect(await page.getByRole('button', { name: 'Suspend Ops' }).count()).toBe(0); // never its own organisation

    await page.setViewportSize(PHONE);
    await page.reload();
    await snap(page, 'operator-tenants');
    await page.getByRole('button', { name: 'Resume Initech Clinics' }).click();
    await page.screenshot({ path: screenshotPath('operator-confirm-390') });
    await page.getByRole('dialog').getByRole('button', { name: 'Resume' }).click();
    await page.getByText('Resumed Initech Clinics.').waitFor();
    expect((await get<Page_>('/api/admin/tenants?limit=200', ops.owner.token)).data.find((t) => t.id === created.id)!.status).toBe(
      'active',
    );
    await context.close();

    // Not an operator: no entry, and the address itself refuses plainly.
    const plain = await createTenant(live.t, 'plain');
    const other = await newPage();
    await signIn(other.page, live.url, plain.owner.email);
    expect(await nav(other.page, 'Organisations').count()).toBe(0);
    await other.page.goto(`${live.url}/settings`);
    await other.page.getByRole('heading', { name: 'Organisation', exact: true }).waitFor();
    expect(await other.page.getByRole('link', { name: 'Organisations on this server' }).count()).toBe(0);
    await other.page.goto(`${live.url}/admin/tenants`);
    await other.page.getByText('Only instance operators can manage the organisations on this server.').waitFor();
    expect(await other.page.getByRole('button', { name: 'Create organisation' }).count()).toBe(0);
    await other.context.close();
  });

  it('imports a CSV whose columns need mapping: the dry run names the bad line, the import lands the good rows', async () => {
    const clinic = await createTenant(live.t, 'clinic');
    const { context, page } = await newPage();
    await signIn(page, live.url, clinic.owner.email);
    await nav(page, 'Import').click();
    await page.getByLabel('Records').selectOption('contacts');
    const csv = [
      'Vorname,Surname,E-mail address,Internal notes',
      'Greta,Lindqvist,greta@mapped.example,call after 5 zebra-note',
      'Hugo,Barros,not-an-email,zebra-note',
      'Ines,Carvalho,ines@mapped.example,zebra-note',
    ].join('\r\n');
    await page.getByLabel('CSV file').setInputFiles({ name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${csv}`) });
    const column = (name: string) => page.getByLabel(`Column ${name}`);
    await column('Surname').waitFor();
    // Pre-selected by the server's own matching: aliases found, unknown columns ignored.
    expect(await column('Surname').inputValue()).toBe('lastName');
    expect(await column('E-mail address').inputValue()).toBe('email');
    expect(await column('Vorname').inputValue()).toBe('');
    expect(await column('Internal notes').inputValue()).toBe('');
    // Two columns for one field are caught before sending.
    await column('Internal notes').selectOption('lastName');
    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    await page.getByText('Column “Surname” already fills lastName', { exact: false }).waitFor();
    await column('Internal notes').selectOption('');
    await page.getByText('Two columns fill the same field').waitFor({ state: 'detached' });
    await column('Vorname').selectOption('firstName');
    await page.screenshot({ path: screenshotPath('import-mapping-1280'), fullPage: true });

    await page.getByRole('button', { name: 'Check (dry run)' }).click();
    const report = page.getByRole('region', { name: 'Import report' });
    await report.getByText('Dry run: nothing was written').waitFor();
    await report.locator('tr.bad-line', { hasText: 'Line 3' }).waitFor();
    expect(await report.locator('tr.bad-line').count()).toBe(1);
    await report.getByText('Ignored columns: Internal notes').waitFor();
    type Contacts = { data: { firstName: string; lastName: string; email: string | null; title: string | null; phone: string | null }[] };
    expect((await get<Contacts>('/api/contacts?q=mapped.example', clinic.owner.token)).data).toHaveLength(0);

    await page.getByRole('button', { name: 'Import valid rows' }).click();
    await report.getByRole('heading', { name: 'Imported' }).waitFor();
    const landed = (await get<Contacts>('/api/contacts?limit=200', clinic.owner.token)).data;
    expect(landed.map((c) => [c.firstName, c.lastName, c.email]).sort()).toEqual([
      ['Greta', 'Lindqvist', 'greta@mapped.example'],
      ['Ines', 'Carvalho', 'ines@mapped.example'],
    ]);
    expect(JSON.stringify(landed)).not.toContain('zebra-note'); // the ignored column went nowhere
    expect(await page.getByRole('link', { name: 'CSV' }).first().getAttribute('href')).toMatch(/^\/api\/export\/\w+\?format=csv$/);
    await page.setViewportSize(PHONE);
    await snap(page, 'import-mapping');
    await context.close();
  });

  it('a session revoked on the server sends the next action to sign in, with the notice, and back where it was after', async () => {
    const member = await addMember(live.t, ops, 'member');
    const { context, page } = await newPage();
    await signIn(page, live.url, member.email);
    await nav(page, 'Contacts').click();
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    // A password change from another session (the fixture's token) signs out every other one, this browser's included.
    const changed = await live.t.app.request(
      '/api/auth/password',
      json('POST', { currentPassword: PASSWORD, newPassword: 'Quiet-Harbour-58' }, member.token),
    );
    expect(changed.status).toBe(204);
    const cookie = (await context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
    expect((await live.t.app.request('/api/auth/me', { headers: { cookie } })).status).toBe(401);

    // The next action on the page already drawn meets the 401.
    await nav(page, 'Settings').click();
    await page.getByText('Your session has ended. Sign in again to continue.').waitFor();
    const at = new URL(page.url());
    expect(at.pathname).toBe('/login');
    expect(at.searchParams.get('next')).toBe('/settings');
    await page.screenshot({ path: screenshotPath('session-expired-1280') });
    await page.getByLabel('Email').fill(member.email);
    await page.getByLabel('Password').fill('Quiet-Harbour-58');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Your profile' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
    await context.close();
  });
});
