import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, json, PASSWORD, userRow, type TenantFixture } from '../helpers/fixtures';
import { DAY, devKey } from '../license/helpers';
import {
  airGappedPage,
  browserAndServer,
  settled,
  signIn,
  DESKTOP,
  PHONE,
  browserAvailable,
  launchChromium,
  screenshotPath,
  startLiveServer,
  type LiveServer,
  axeViolations,
} from './browser';

/*
 * Settings (profile, password, organisation, people, API keys, pipelines), operators'
 * organisations, the trash, tasks, CSV import with column mapping and session expiry, in real
 * Chromium against the real server. Every step that changes something is checked on the server.
 */

const run = browserAvailable();

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });
/** Waits (Playwright's own timeout: scrypt on two busy cores is slow) for a field's inline error with this text. */
const fieldError = (page: Page, name: string, text: string | RegExp) =>
  page.locator(`[data-field="${name}"] .field-error:visible`, { hasText: text }).waitFor();

/** Drawn, loaded, and never wider than the viewport; then saved. */
async function snap(page: Page, name: string) {
  await settled(page); // every loading section gone, not one (a strict locator throws on several)
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
    await page.locator('header.topbar .brand', { hasText: 'Globex' }).waitFor();
    // A light brand colour: the header takes it, with dark text (contrast kept), and axe finds nothing.
    await page.getByLabel('Brand colour').fill('#f5c542');
    await page.getByRole('button', { name: 'Save organisation' }).click();
    const style = (selector: string, property: string) =>
      page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).${property}`);
    await expect.poll(() => style('header.topbar', 'backgroundColor')).toBe('rgb(245, 197, 66)');
    expect(await style('header.topbar .brand', 'color')).toMatch(/^(rgb\(0, 0, 0\)|lch\(0 0 0\)|color\(srgb 0 0 0\))$/);
    expect(
      (await get<{ settings: { branding: { primaryColor?: string } } }>('/api/tenant', globex.owner.token)).settings.branding.primaryColor,
    ).toBe('#f5c542');
    expect(await axeViolations(page)).toEqual([]);
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

  it('the trash lists what was deleted over the API; Restore brings it back, an owner deletes for good after a confirmation', async () => {
    const shop = await createTenant(live.t, 'shop');
    const post = async (path: string, body: unknown) => {
      const res = await live.t.app.request(path, json('POST', body, shop.owner.token));
      expect(res.status, path).toBe(201);
      return (await res.json()) as { id: string };
    };
    const del = async (path: string) => expect((await live.t.app.request(path, bearer(shop.owner.token, 'DELETE'))).status).toBe(204);
    const older = await post('/api/contacts', { firstName: 'Olga', lastName: 'Trashwell' });
    const newer = await post('/api/contacts', { firstName: 'Nadia', lastName: 'Binley' });
    const company = await post('/api/companies', { name: 'Dustbin Partners' });
    await del(`/api/contacts/${older.id}`);
    await del(`/api/contacts/${newer.id}`);
    await del(`/api/companies/${company.id}`);

    const { context, page } = await newPage();
    await signIn(page, live.url, shop.owner.email);
    await nav(page, 'Trash').click();
    await page.getByRole('heading', { name: 'Trash', level: 1 }).waitFor();
    // Companies first; the company deleted over the API is there.
    await page.getByRole('row', { name: /Dustbin Partners/ }).waitFor();
    await page.getByRole('navigation', { name: 'Record types' }).getByRole('link', { name: 'Contacts' }).click();
    expect(new URL(page.url()).searchParams.get('type')).toBe('contacts');
    const rows = page.locator('table.trash tbody tr');
    await rows.first().waitFor();
    // The most recently deleted first.
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['Nadia Binley', 'Olga Trashwell']);
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'trash');

    await page.getByRole('button', { name: 'Restore Olga Trashwell' }).click();
    await page.getByText('Restored Olga Trashwell.').waitFor();
    await page.locator(`tr[data-record-id="${older.id}"]`).waitFor({ state: 'detached' });
    const back = await get<{ id: string; deletedAt: string | null }>(`/api/contacts/${older.id}`, shop.owner.token);
    expect(back.deletedAt).toBeNull();
    const trashed = await get<{ data: { id: string }[] }>('/api/contacts?trash=true', shop.owner.token);
    expect(trashed.data.map((c) => c.id)).toEqual([newer.id]);

    // For good: asked first; Cancel keeps it, confirming removes it from the server.
    await page.getByRole('button', { name: 'Delete for good Nadia Binley' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Nadia Binley for good?' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await get<{ data: { id: string }[] }>('/api/contacts?trash=true', shop.owner.token)).data).toHaveLength(1);
    await page.getByRole('button', { name: 'Delete for good Nadia Binley' }).click();
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByText('Deleted Nadia Binley for good.').waitFor();
    expect((await live.t.app.request(`/api/contacts/${newer.id}`, bearer(shop.owner.token))).status).toBe(404);
    await page.getByText('No contacts in the trash.').waitFor();
    await context.close();

    // A member restores but never deletes for good.
    const member = await addMember(live.t, shop, 'member');
    const other = await newPage(PHONE);
    await signIn(other.page, live.url, member.email);
    await other.page.goto(`${live.url}/trash?type=companies`);
    await other.page.getByRole('button', { name: 'Restore Dustbin Partners' }).waitFor();
    expect(await other.page.getByRole('button', { name: /Delete for good/ }).count()).toBe(0);
    await snap(other.page, 'trash');
    await other.context.close();
  });

  it('an owner changes a role (asked to confirm first), deactivates a person and adds one with a generated password', async () => {
    const firm = await createTenant(live.t, 'firm');
    const member = await addMember(live.t, firm, 'member');
    const name = (await userRow(live.t.deps, firm.tenantId, member.id))!.name;
    const role = async () => (await userRow(live.t.deps, firm.tenantId, member.id))?.role;
    const { context, page } = await newPage();
    await signIn(page, live.url, firm.owner.email);
    await page.goto(`${live.url}/settings`);
    const people = page.getByRole('region', { name: 'People' });
    const select = people.getByLabel(`Role of ${name}`);
    await select.waitFor();
    expect(await select.inputValue()).toBe('member');

    // Escape cancels: nothing is sent, the list shows the role as it is.
    await select.selectOption('admin');
    const dialog = page.getByRole('dialog', { name: `Make ${name} an admin?` });
    await dialog.waitFor();
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Cancel');
    await page.screenshot({ path: screenshotPath('settings-role-confirm-1280') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await select.inputValue()).toBe('member');
    expect(await role()).toBe('member');
    // Confirmed: changed on the server.
    await select.selectOption('admin');
    await dialog.getByRole('button', { name: 'Make admin' }).click();
    await page.getByText(`${name} is now an admin.`).waitFor();
    await expect.poll(role).toBe('admin');
    expect(await select.inputValue()).toBe('admin');
    // The owner's own row has no controls.
    expect(await people.getByLabel(/^Role of Owner /).count()).toBe(0);

    // Deactivating asks too, and signs them out.
    await people.getByRole('button', { name: `Deactivate ${name}` }).click();
    const off = page.getByRole('dialog', { name: `Deactivate ${name}?` });
    await off.getByRole('button', { name: 'Deactivate' }).click();
    await people.getByRole('button', { name: `Reactivate ${name}` }).waitFor();
    expect((await userRow(live.t.deps, firm.tenantId, member.id))?.active).toBe(false);
    expect(await loginStatus(member.email, PASSWORD)).not.toBe(200);

    // Adding someone: the generated password is shown once and signs in.
    const add = page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('Email').fill('new.hire@firm.example');
    await add.getByLabel('Name', { exact: true }).fill('Nina Hire');
    await add.getByLabel('Role', { exact: true }).selectOption('viewer');
    await add.getByRole('button', { name: 'Generate a password' }).click();
    const password = await add.getByLabel('Initial password').inputValue();
    await add.getByRole('button', { name: 'Add person' }).click();
    const shown = page.locator('.credentials');
    await shown.getByText('Added Nina Hire.').waitFor();
    expect(await shown.locator('code').allTextContents()).toEqual(['new.hire@firm.example', password]);
    await people.getByRole('cell', { name: 'new.hire@firm.example' }).waitFor();
    expect(await loginStatus('new.hire@firm.example', password)).toBe(200);
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'settings-people');
    await context.close();
  });

  it('an API key is shown once when created; its row shows the prefix once; revoking asks first and stops the key', async () => {
    const lab = await createTenant(live.t, 'lab');
    const { context, page } = await newPage();
    await signIn(page, live.url, lab.owner.email);
    await page.goto(`${live.url}/settings`);
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByText('No API keys yet.').waitFor();
    await keys.getByLabel('Key name').fill('Reporting export');
    await keys.getByLabel('write').check();
    await keys.getByRole('button', { name: 'Create key' }).click();
    const secret = (await keys.locator('pre.command code').textContent())!;
    expect(secret).toMatch(/^tcrm_[0-9A-Z]{10}_[0-9A-Z]{40}$/);
    const row = keys.getByRole('row', { name: /Reporting export/ });
    const prefix = secret.split('_').slice(0, 2).join('_');
    await expect.poll(() => row.locator('code').textContent()).toBe(`${prefix}_…`);
    expect(await row.textContent()).not.toContain('tcrm_tcrm_');
    expect(await row.getByRole('cell', { name: 'read, write' }).count()).toBe(1);
    type Keys = { data: { name: string; prefix: string; scopes: string[] }[] };
    expect((await get<Keys>('/api/api-keys', lab.owner.token)).data).toMatchObject([
      { name: 'Reporting export', prefix, scopes: ['read', 'write'] },
    ]);
    expect((await live.t.app.request('/api/contacts', bearer(secret))).status).toBe(200);
    await snap(page, 'settings-api-keys');

    await page.reload();
    await keys.getByRole('button', { name: 'Revoke Reporting export' }).waitFor();
    expect(await page.locator('pre.command').count()).toBe(0); // the secret is never shown again
    await keys.getByRole('button', { name: 'Revoke Reporting export' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke Reporting export?' });
    await dialog.getByRole('button', { name: 'Revoke' }).click();
    await keys.getByText('No API keys yet.').waitFor();
    expect((await get<Keys>('/api/api-keys', lab.owner.token)).data).toEqual([]);
    expect((await live.t.app.request('/api/contacts', bearer(secret))).status).toBe(401);
    await context.close();
  });

  it('the pipeline editor renames, adds and reorders stages and sets a probability; the server keeps them in order', async () => {
    const works = await createTenant(live.t, 'works');
    type Pipelines = { data: { id: string; name: string; stages: { id: string; name: string; probability: number; kind: string }[] }[] };
    const before = (await get<Pipelines>('/api/pipelines', works.owner.token)).data[0]!;
    const { context, page } = await newPage();
    await signIn(page, live.url, works.owner.email);
    await page.goto(`${live.url}/settings`);
    const editor = page.getByRole('form', { name: `Stages of ${before.name}` });
    await editor.getByLabel('Name of stage 2').waitFor();
    await editor.getByLabel('Name of stage 2').fill('Discovery');
    await editor.getByLabel('Probability of stage 2 (%)').fill('30');
    await editor.getByRole('button', { name: 'Add a stage' }).click();
    // A new working stage goes before the won and lost stages.
    await editor.getByLabel('Name of stage 5').fill('Legal review');
    await editor.getByLabel('Probability of stage 5 (%)').fill('85');
    await editor.getByRole('button', { name: 'Move Legal review up' }).click();
    await editor.getByRole('button', { name: 'Save pipeline' }).click();
    await page.getByText(`Saved the pipeline ${before.name}.`).waitFor();
    const after = (await get<Pipelines>(`/api/pipelines`, works.owner.token)).data[0]!;
    expect(after.stages.map((s) => [s.name, s.probability, s.kind])).toEqual([
      ['New', 10, 'open'],
      ['Discovery', 30, 'open'],
      ['Proposal', 50, 'open'],
      ['Legal review', 85, 'open'],
      ['Negotiation', 75, 'open'],
      ['Won', 100, 'won'],
      ['Lost', 0, 'lost'],
    ]);
    expect(after.stages[1]!.id).toBe(before.stages[1]!.id); // renamed, not replaced

    // The server's refusal comes back as a sentence: two won stages.
    await editor.getByLabel('Kind of stage 4').selectOption('won');
    await editor.getByRole('button', { name: 'Save pipeline' }).click();
    await editor.getByText('At most one won and one lost stage.').waitFor();
    expect((await get<Pipelines>(`/api/pipelines`, works.owner.token)).data[0]!.stages[3]!.kind).toBe('open');
    await snap(page, 'settings-pipelines');
    await context.close();
  });

  it('tasks: a new task with an assignee and a deal; rows name their record and link to it; the assignee changes; counts follow completion', async () => {
    const agency = await createTenant(live.t, 'agency');
    const colleague = await addMember(live.t, agency, 'member');
    const colleagueName = (await userRow(live.t.deps, agency.tenantId, colleague.id))!.name;
    const post = async (path: string, body: unknown) => {
      const res = await live.t.app.request(path, json('POST', body, agency.owner.token));
      expect(res.status, path).toBe(201);
      return (await res.json()) as { id: string };
    };
    const deal = await post('/api/deals', { title: 'Harbour refit' });
    const contact = await post('/api/contacts', { firstName: 'Petra', lastName: 'Quay' });
    const day = 86_400_000;
    await post('/api/tasks', { title: 'Send the refit quote', dueAt: new Date(Date.now() - day).toISOString(), dealId: deal.id });
    await post('/api/tasks', { title: 'Call Petra back', dueAt: new Date(Date.now() + 3 * day).toISOString(), contactId: contact.id });
    type Tasks = { data: { id: string; title: string; assigneeId: string | null; dealId: string | null; done: boolean }[] };
    const tasks = async () => (await get<Tasks>('/api/tasks?limit=100', agency.owner.token)).data;

    const { context, page } = await newPage();
    await signIn(page, live.url, agency.owner.email);
    await nav(page, 'Tasks').click();
    const views = page.getByRole('navigation', { name: 'Task views' });
    const mine = page.getByRole('list', { name: 'Mine tasks' });
    await mine.getByText('Send the refit quote').waitFor();
    // The overdue first.
    expect(await mine.locator('label').allTextContents()).toEqual(['Send the refit quote', 'Call Petra back']);
    await expect.poll(() => views.getByRole('link', { name: /^Mine/ }).textContent()).toBe('Mine 2 open');
    const quote = mine.locator('li', { hasText: 'Send the refit quote' });
    expect(await quote.getByRole('link').textContent()).toBe('Deal Harbour refit');

    // A new task for a colleague about the deal, created once.
    await page.getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Title').fill('Book the dry dock');
    await dialog.getByLabel('Due').fill('2031-05-04T10:30');
    await dialog.getByRole('button', { name: /^Assignee/ }).click();
    await page.getByRole('option', { name: colleagueName }).click();
    await dialog.getByLabel('Related to').selectOption('deal');
    await dialog.getByRole('button', { name: /^Deal/ }).click();
    await page.getByLabel('Search deals').fill('harbour');
    await page.getByRole('option', { name: 'Harbour refit' }).click();
    await dialog.getByRole('button', { name: 'Add task' }).dblclick();
    await page.getByText('Added “Book the dry dock”.').waitFor();
    const booked = (await tasks()).filter((t) => t.title === 'Book the dry dock');
    expect(booked).toHaveLength(1);
    expect(booked[0]).toMatchObject({ assigneeId: colleague.id, dealId: deal.id, done: false });

    await views.getByRole('link', { name: /^All open/ }).click();
    const all = page.getByRole('list', { name: 'All open tasks' });
    const dock = all.locator('li', { hasText: 'Book the dry dock' });
    await dock.getByText(`for ${colleagueName}`).waitFor();
    // The deal's task opens the deal.
    await dock.getByRole('link', { name: /Harbour refit/ }).click();
    await page.waitForURL((u) => u.pathname === `/deals/${deal.id}`);
    await page.goBack();

    // The assignee changes through the edit dialog.
    await dock.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit “Book the dry dock”' });
    await edit.getByRole('button', { name: /^Assignee/ }).click();
    await page.getByRole('option', { name: /^Owner / }).click();
    await edit.getByRole('button', { name: 'Save task' }).click();
    await page.getByText('Saved “Book the dry dock”.').waitFor();
    await expect.poll(async () => (await tasks()).find((t) => t.title === 'Book the dry dock')?.assigneeId).toBe(agency.owner.id);
    await expect.poll(() => views.getByRole('link', { name: /^Mine/ }).textContent()).toBe('Mine 3 open');

    // Completing in place: the row stays, marked done, and the counts follow.
    await page.getByLabel('Send the refit quote').check();
    await all.locator('li.done', { hasText: 'Send the refit quote' }).waitFor();
    await expect.poll(async () => (await tasks()).find((t) => t.title === 'Send the refit quote')?.done).toBe(true);
    await expect.poll(() => views.getByRole('link', { name: /^Mine/ }).textContent()).toBe('Mine 2 open');
    await expect.poll(() => views.getByRole('link', { name: /^Overdue/ }).textContent()).toBe('Overdue 0 open');
    await page.getByText('2 open tasks').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await snap(page, 'tasks-all-open');
    await page.setViewportSize(PHONE);
    await snap(page, 'tasks-all-open');
    await context.close();
  });

  it('the license card lists the licensed features this build has, and names the others as not yet available', async () => {
    const license = await get<{ features: string[] }>('/api/license', ops.owner.token);
    const { context, page } = await newPage();
    await signIn(page, live.url, ops.owner.email);
    await page.goto(`${live.url}/settings`);
    await settled(page);
    const card = page.getByRole('region', { name: 'License', exact: true });
    const shown = await card.locator('ul.features li').allTextContents();
    const later = (await card.getByText('Also licensed, not yet available in this version:').textContent()) ?? '';
    const laterNames = later
      .replace(/^[^:]*:\s*/, '')
      .replace(/\.$/, '')
      .split(', ');
    expect(shown).toContain('REST API and API keys');
    expect(laterNames).toContain('Webhooks');
    expect(shown).not.toContain('Webhooks');
    // Every licensed feature is in one of the two, once.
    expect(shown.length + laterNames.length).toBe(license.features.length);
    await context.close();
  });
});

describe.skipIf(!run)('settings, trash, tasks and import in read-only license mode', { timeout: 120_000 }, () => {
  it('write controls are shown disabled with the reason; the profile stays open to change', async () => {
    const browser = await launchChromium();
    const live = await startLiveServer({ licenseKey: devKey({ expiresAt: new Date(Date.now() + 40 * DAY), maxUsers: 50 }) });
    try {
      const acme = await createTenant(live.t, 'acme');
      const post = async (path: string, body: unknown) => {
        const res = await live.t.app.request(path, json('POST', body, acme.owner.token));
        expect(res.status, path).toBe(201);
        return (await res.json()) as { id: string };
      };
      const gone = await post('/api/contacts', { firstName: 'Tess', lastName: 'Frozenbin' });
      expect((await live.t.app.request(`/api/contacts/${gone.id}`, bearer(acme.owner.token, 'DELETE'))).status).toBe(204);
      await post('/api/tasks', { title: 'Frozen follow-up', dueAt: new Date(Date.now() - DAY).toISOString() });
      live.clock.offsetMs = 55 * DAY; // past expiry and the 14 days of grace
      const page = await browser.newPage({ viewport: DESKTOP });
      await signIn(page, live.url, acme.owner.email);
      const reason = /Reading and exporting keep working/;
      const disabledWithReason = async (name: string) => {
        const button = page.getByRole('button', { name, exact: true });
        await button.waitFor();
        // The session (with the license) may still be loading when the button first appears.
        await expect.poll(() => button.isDisabled(), { message: name }).toBe(true);
        expect(await button.getAttribute('title'), name).toMatch(reason);
      };

      await page.goto(`${live.url}/settings`);
      await settled(page);
      for (const name of ['Save organisation', 'Add person', 'Create key', 'Save pipeline']) await disabledWithReason(name);
      // The profile is the person's own: it stays open (the server keeps it writable).
      await page.getByLabel('Your name').fill('Renamed While Frozen');
      await page.getByRole('button', { name: 'Save name' }).click();
      await page.getByText('Saved. Your name is now Renamed While Frozen.').waitFor();
      expect((await userRow(live.t.deps, acme.tenantId, acme.owner.id))?.name).toBe('Renamed While Frozen');
      await page.screenshot({ path: screenshotPath('settings-read-only-1280'), fullPage: true });

      await page.goto(`${live.url}/trash?type=contacts`);
      await settled(page);
      await disabledWithReason('Restore Tess Frozenbin');
      await disabledWithReason('Delete for good Tess Frozenbin');

      await page.goto(`${live.url}/tasks?view=overdue`);
      await settled(page);
      await page.getByText('Frozen follow-up').waitFor();
      await expect.poll(() => page.getByLabel('Frozen follow-up').isDisabled()).toBe(true);
      await disabledWithReason('New task');

      await page.goto(`${live.url}/import`);
      await settled(page);
      await disabledWithReason('Check (dry run)');
      await disabledWithReason('Import valid rows');
      // Exporting keeps working.
      const csv = await page.getByRole('link', { name: 'CSV' }).first().getAttribute('href');
      expect((await page.request.get(`${live.url}${csv!}`)).status()).toBe(200); // with the page's own session
      await page.close();
    } finally {
      await browser.close();
      await live.close();
    }
  });
});
