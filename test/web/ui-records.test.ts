import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, type TenantFixture } from '../helpers/fixtures';
import { DAY, devKey } from '../license/helpers';
import {
  airGappedPage,
  browserAndServer,
  expectReadOnlyList,
  browserAvailable,
  DESKTOP,
  launchChromium,
  PHONE,
  screenshotPath,
  screenshotsAtBothWidths,
  serverApi,
  settled,
  signIn,
  startLiveServer,
  type LiveServer,
  axeViolations,
  pick,
} from './browser';

const run = browserAvailable();

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** The names in the list's first column, top to bottom. */
const rowNames = (page: Page) => page.locator('table.records tbody tr .row-link').allTextContents();

describe.skipIf(!run)('the web UI: leads, tasks, filters, bulk actions and the lost reason', { timeout: 90_000 }, () => {
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

  const newPage = (viewport = DESKTOP) => airGappedPage(browser, live, viewport);

  const screenshots = screenshotsAtBothWidths;

  it('a lead is created (the API’s field error shown inline), then converted with a deal into a contact, a company and a deal', async () => {
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await nav(page, 'Leads').click();
    await settled(page);
    await page.getByRole('link', { name: 'New lead' }).click();
    await page.getByLabel('Title (required)').fill('Lindqvist lab rollout');
    await page.getByLabel('Contact name').fill('Maya Lind');
    await page.getByLabel('Email').fill('not-an-email');
    await page.getByLabel('Company name').fill('Lindqvist Labs');
    await page.getByLabel('Source').selectOption({ label: 'Referral' });
    await page.getByLabel('Value').fill('5000');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await expect.poll(() => page.locator('[data-field="email"] .field-error').textContent()).toBe('Not a valid email address.');
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Email').fill('maya@lindqvist.example');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { name: 'Lindqvist lab rollout', level: 1 }).waitFor();
    const leadId = page.url().split('/').pop()!;
    const lead = await api<{ source: string; value: number; email: string; convertedAt: string | null }>('GET', `/api/leads/${leadId}`);
    expect(lead.body).toMatchObject({ source: 'referral', value: 5000, email: 'maya@lindqvist.example', convertedAt: null });

    // A note on the lead's timeline, like the other record pages.
    await page.getByLabel('Subject').fill('Met Maya at the fair');
    await page.getByRole('button', { name: 'Log activity' }).click();
    await page.getByRole('list', { name: 'Timeline' }).getByText('Met Maya at the fair').waitFor();
    await screenshots(page, 'lead');

    // Convert, with a deal.
    await page.getByRole('button', { name: 'Convert lead…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Convert “Lindqvist lab rollout”' });
    await dialog.waitFor();
    expect(await dialog.getByLabel('Also create a deal').isChecked()).toBe(true);
    await dialog.getByLabel('Deal title').fill('Lindqvist pilot');
    await screenshots(page, 'lead-convert');
    await dialog.getByRole('button', { name: 'Convert' }).click();
    await page.getByRole('heading', { name: 'Maya Lind', level: 1 }).waitFor();
    const contactId = page.url().split('/').pop()!;

    const after = await api<{
      convertedAt: string | null;
      convertedContactId: string;
      convertedCompanyId: string | null;
      convertedDealId: string | null;
    }>('GET', `/api/leads/${leadId}`);
    expect(after.body.convertedAt).not.toBeNull();
    expect(after.body.convertedContactId).toBe(contactId);
    const contact = await api<{ companyId: string; email: string }>('GET', `/api/contacts/${contactId}`);
    expect(contact.status).toBe(200);
    expect(contact.body).toMatchObject({ companyId: after.body.convertedCompanyId, email: 'maya@lindqvist.example' });
    const company = await api<{ name: string }>('GET', `/api/companies/${after.body.convertedCompanyId}`);
    expect(company.body.name).toBe('Lindqvist Labs');
    const deal = await api<{ title: string; value: number; contactId: string; companyId: string }>(
      'GET',
      `/api/deals/${after.body.convertedDealId}`,
    );
    expect(deal.body).toMatchObject({ title: 'Lindqvist pilot', value: 5000, contactId, companyId: after.body.convertedCompanyId });

    // The converted lead says what it became, and offers no second conversion.
    await page.goto(`${live.url}/leads/${leadId}`);
    await settled(page);
    const conversion = page.getByRole('region', { name: 'Converted' });
    await conversion.getByRole('link', { name: 'Maya Lind' }).waitFor();
    await conversion.getByRole('link', { name: 'Lindqvist Labs' }).waitFor();
    await conversion.getByRole('link', { name: /Lindqvist pilot/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Convert lead…' }).count()).toBe(0);
    await screenshots(page, 'lead-converted');

    await nav(page, 'Leads').click();
    await page.getByRole('link', { name: 'Lindqvist lab rollout' }).waitFor();
    await screenshots(page, 'leads');
    await context.close();
  });

  it('the tasks view lists an overdue task under “Overdue” and completing it there marks it done on the server, in place', async () => {
    const now = Date.now();
    const overdue = await create('/api/tasks', {
      title: 'Chase the signed order',
      dueAt: new Date(now - 2 * 86_400_000).toISOString(),
      assigneeId: acme.owner.id,
    });
    await create('/api/tasks', {
      title: 'Plan next quarter',
      dueAt: new Date(now + 5 * 86_400_000).toISOString(),
      assigneeId: acme.owner.id,
    });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await nav(page, 'Tasks').click();
    await settled(page);
    const views = page.getByRole('navigation', { name: 'Task views' });
    expect(await views.getByRole('link', { name: 'Mine' }).getAttribute('aria-current')).toBe('page');
    await page.getByRole('list', { name: 'Mine tasks' }).getByText('Plan next quarter').waitFor();
    await views.getByRole('link', { name: 'Due today' }).click();
    await settled(page);
    await page.getByText('Nothing is due today.').waitFor();
    await views.getByRole('link', { name: 'Overdue' }).click();
    await settled(page);
    const list = page.getByRole('list', { name: 'Overdue tasks' });
    await list.getByText('Chase the signed order').waitFor();
    expect(await list.getByText('Plan next quarter').count()).toBe(0);
    await screenshots(page, 'tasks');

    // Completing it changes the row without reloading the page.
    await page.evaluate('window.__sameDocument = true');
    await page.getByLabel('Chase the signed order').check();
    await page.locator(`li.done[data-task-id="${overdue.id}"]`).waitFor();
    await expect.poll(async () => (await api<{ done: boolean }>('GET', `/api/tasks/${overdue.id}`)).body.done).toBe(true);
    expect(await page.evaluate('window.__sameDocument')).toBe(true);
    expect(await page.getByLabel('Chase the signed order').isChecked()).toBe(true);
    // And it has left the server's overdue view.
    const still = await api<{ data: { id: string }[] }>('GET', '/api/tasks?view=overdue');
    expect(still.body.data.map((t) => t.id)).not.toContain(overdue.id);
    await context.close();
  });

  it('filters narrow the lists, live in the URL and survive a reload', async () => {
    await create('/api/leads', { title: 'Filter Qualified One', stage: 'qualified', source: 'event' });
    await create('/api/leads', { title: 'Filter New One', stage: 'new', source: 'event' });
    const company = await create('/api/companies', { name: 'Filterco' });
    await create('/api/contacts', { firstName: 'Fia', lastName: 'Inside', companyId: company.id });
    await create('/api/contacts', { firstName: 'Olle', lastName: 'Outside' });

    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await nav(page, 'Leads').click();
    await page.getByRole('link', { name: 'Filter New One' }).waitFor();
    await page.getByText('Filters', { exact: true }).click();
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Stage').selectOption('qualified');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Filters (1 on)').waitFor();
    expect(new URL(page.url()).searchParams.get('stage')).toBe('qualified');
    const expected = await api<{ total: number }>('GET', '/api/leads?stage=qualified');
    const checkLeads = async () => {
      await settled(page);
      await page.getByRole('link', { name: 'Filter Qualified One' }).waitFor();
      expect(await page.getByRole('link', { name: 'Filter New One' }).count()).toBe(0);
      expect(await page.locator('table.records tbody tr').count()).toBe(expected.body.total);
      expect(await page.getByRole('form', { name: 'Filters' }).getByLabel('Stage').inputValue()).toBe('qualified');
    };
    await checkLeads();
    await screenshots(page, 'leads-filtered');
    await page.reload();
    await settled(page);
    await checkLeads();

    // Contacts by company.
    await nav(page, 'Contacts').click();
    await page.getByRole('link', { name: 'Olle Outside' }).waitFor();
    await page.getByText('Filters', { exact: true }).click();
    // The company is picked by typing: the server's search, not a list of the first 200.
    await pick(page, page.getByRole('form', { name: 'Filters' }).getByLabel('Company'), 'Filterco', 'Filterco');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Filters (1 on)').waitFor();
    expect(new URL(page.url()).searchParams.get('companyId')).toBe(company.id);
    await page.reload();
    await settled(page);
    await page.getByRole('link', { name: 'Fia Inside' }).waitFor();
    // The picker shows the chosen company by name after the reload.
    expect(await page.getByRole('form', { name: 'Filters' }).getByLabel('Company').textContent()).toContain('Filterco');
    expect(await page.getByRole('link', { name: 'Olle Outside' }).count()).toBe(0);
    expect(await page.locator('table.records tbody tr').count()).toBe(1);

    // Clearing the filters brings everyone back.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: 'Olle Outside' }).waitFor();
    expect(new URL(page.url()).searchParams.has('companyId')).toBe(false);
    await context.close();
  });

  it('bulk select: two records deleted, the others kept; failures named; an owner assigned', async () => {
    const tag = `Bulkco ${Date.now().toString(36)}`;
    const made = [];
    for (const n of [1, 2, 3, 4, 5]) made.push(await create<{ id: string; name: string }>('/api/companies', { name: `${tag} ${n}` }));
    const member = await addMember(live.t, acme, 'member');

    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/companies?q=${encodeURIComponent(tag)}&sort=name`);
    await page.getByRole('link', { name: `${tag} 5` }).waitFor();
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    expect(await bar.getByRole('button', { name: 'Delete selected' }).isDisabled()).toBe(true);
    await page.getByLabel(`Select ${tag} 1`, { exact: true }).check();
    await page.getByLabel(`Select ${tag} 2`, { exact: true }).check();
    await bar.getByText('2 selected').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'bulk-select');
    await bar.getByRole('button', { name: 'Delete selected' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete 2 companies?' });
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Deleted 2 companies.').waitFor();
    for (const [i, c] of made.entries()) expect((await api('GET', `/api/companies/${c.id}`)).status, c.name).toBe(i < 2 ? 404 : 200);
    // The notice comes before the list has reloaded: wait for the rows to follow.
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(3);

    // One of the selection disappears behind the page's back: the report names it, the other goes.
    await page.getByLabel(`Select ${tag} 3`, { exact: true }).check();
    await page.getByLabel(`Select ${tag} 4`, { exact: true }).check();
    expect((await api('DELETE', `/api/companies/${made[3]!.id}`)).status).toBe(204);
    await bar.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByRole('dialog', { name: 'Delete 2 companies?' }).getByRole('button', { name: 'Delete' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'Deleted 1 company. 1 failed:' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`${tag} 4:`);
    expect((await api('GET', `/api/companies/${made[2]!.id}`)).status).toBe(404);

    // Select all (one row left) and give it to the member.
    await page.getByLabel('Select all on this page').check();
    await bar.getByText('1 selected').waitFor();
    await bar.getByRole('button', { name: 'Assign owner…' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign 1 company' });
    const memberName = `member ${member.email.split('@')[0]!.slice('member-'.length)}`;
    await pick(page, assign.getByLabel('New owner'), memberName, memberName);
    await assign.getByRole('button', { name: 'Assign', exact: true }).click();
    await page.getByText('Assigned 1 company.').waitFor();
    expect((await api<{ ownerId: string }>('GET', `/api/companies/${made[4]!.id}`)).body.ownerId).toBe(member.id);
    await context.close();
  });

  it('a bulk delete goes to the trash and the toast’s Undo restores every record', async () => {
    const tag = `Undoco ${Date.now().toString(36)}`;
    const made = [];
    for (const n of [1, 2]) made.push(await create<{ id: string }>('/api/companies', { name: `${tag} ${n}` }));
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/companies?q=${encodeURIComponent(tag)}&sort=name`);
    await page.getByRole('link', { name: `${tag} 2` }).waitFor();
    await page.getByLabel('Select all on this page').check();
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await bar.getByText('2 selected').waitFor();
    await bar.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByRole('dialog', { name: 'Delete 2 companies?' }).getByRole('button', { name: 'Delete' }).click();
    const toast = page.locator('.toast').filter({ hasText: 'Deleted 2 companies.' });
    await toast.waitFor();
    for (const c of made) expect((await api('GET', `/api/companies/${c.id}`)).status).toBe(404);
    await page.getByText(`No companies match “${tag}”.`).waitFor();
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Restored 2 companies.').waitFor();
    for (const c of made) expect((await api('GET', `/api/companies/${c.id}`)).status).toBe(200);
    await page.getByRole('link', { name: `${tag} 1` }).waitFor();
    expect(await page.locator('table.records tbody tr').count()).toBe(2);
    await context.close();
  });

  it('sorting by a column header changes the server’s order, in the URL, with aria-sort', async () => {
    const tag = `Sortco ${Date.now().toString(36)}`;
    for (const n of ['b', 'd', 'a', 'c']) await create('/api/companies', { name: `${tag} ${n}` });
    const serverOrder = async (sort: string) =>
      (await api<{ data: { name: string }[] }>('GET', `/api/companies?q=${encodeURIComponent(tag)}&sort=${sort}`)).body.data.map(
        (c) => c.name,
      );
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/companies?q=${encodeURIComponent(tag)}`);
    await page.getByRole('link', { name: `${tag} a` }).waitFor();
    // The default order is the server's default (newest first).
    expect(await rowNames(page)).toEqual(await serverOrder('-createdAt'));
    const header = page.getByRole('columnheader', { name: 'Name', exact: true });
    expect(await header.getAttribute('aria-sort')).toBeNull();
    expect(await page.getByRole('columnheader', { name: 'Created', exact: true }).getAttribute('aria-sort')).toBe('descending');

    await header.getByRole('button', { name: 'Name' }).click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('name');
    await expect.poll(() => rowNames(page)).toEqual(await serverOrder('name'));
    expect(await rowNames(page)).toEqual([`${tag} a`, `${tag} b`, `${tag} c`, `${tag} d`]);
    // Focus stays on the header's button, for keyboard users.
    expect(await page.evaluate('document.activeElement?.closest("th")?.getAttribute("aria-sort")')).toBe('ascending');

    await page.keyboard.press('Enter');
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('-name');
    await expect.poll(() => rowNames(page)).toEqual(await serverOrder('-name'));
    expect(await rowNames(page)).toEqual([`${tag} d`, `${tag} c`, `${tag} b`, `${tag} a`]);
    expect(await page.getByLabel('Sort', { exact: true }).inputValue()).toBe('-name');
    await page.reload();
    await settled(page);
    await page.getByRole('link', { name: `${tag} a` }).waitFor();
    expect(await rowNames(page)).toEqual(await serverOrder('-name'));
    await context.close();
  });

  it('pages by cursor (Next and Previous), with the page size, the total and the export link in the URL', async () => {
    const tag = `Pageco ${Date.now().toString(36)}`;
    for (let n = 1; n <= 30; n++) await create('/api/companies', { name: `${tag} ${String(n).padStart(2, '0')}` });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/companies?q=${encodeURIComponent(tag)}&sort=name`);
    await page.getByRole('link', { name: `${tag} 01` }).waitFor();
    const server = await api<{ total: number }>('GET', `/api/companies?q=${encodeURIComponent(tag)}`);
    expect(server.body.total).toBe(30);
    await page.getByText('30 records', { exact: true }).waitFor();
    expect(await page.locator('table.records tbody tr').count()).toBe(25);
    const pages = page.getByRole('navigation', { name: 'Pages' });
    expect(await pages.getByRole('link', { name: 'Previous' }).count()).toBe(0);
    await pages.getByRole('link', { name: 'Next' }).click();
    await page.getByRole('link', { name: `${tag} 30` }).waitFor();
    await settled(page);
    expect(await rowNames(page)).toEqual([26, 27, 28, 29, 30].map((n) => `${tag} ${n}`));
    await pages.getByText('26–30 of 30').waitFor();
    expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
    expect(await pages.getByRole('link', { name: 'Next' }).count()).toBe(0);
    // A reload keeps the page.
    await page.reload();
    await page.getByRole('link', { name: `${tag} 30` }).waitFor();
    await pages.getByRole('link', { name: 'Previous' }).click();
    await page.getByRole('link', { name: `${tag} 01` }).waitFor();
    await settled(page);
    expect(await page.locator('table.records tbody tr').count()).toBe(25);
    expect(new URL(page.url()).searchParams.has('cursor')).toBe(false);

    await page.getByLabel('Per page').selectOption('50');
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(30);
    expect(new URL(page.url()).searchParams.get('limit')).toBe('50');

    // The export links carry the search and the order.
    const csv = new URL((await page.getByRole('link', { name: 'Export CSV' }).getAttribute('href'))!, live.url);
    expect(csv.pathname).toBe('/api/export/companies');
    expect(Object.fromEntries(csv.searchParams)).toMatchObject({ format: 'csv', q: tag, sort: 'name' });
    await context.close();
  });

  it('editing only the value of a deal whose contact is not among the first 200 by name keeps the contact', async () => {
    // 300 contacts whose names sort before the deal's contact: an old-style select of the first 200 would not hold it.
    for (let n = 0; n < 300; n++) await create('/api/contacts', { firstName: 'Seed', lastName: `Aaberg ${String(n).padStart(3, '0')}` });
    const contact = await create('/api/contacts', { firstName: 'Zoe', lastName: 'Zimmerhalt' });
    const deal = await create<{ id: string; contactId: string; stageId: string; probability: number }>('/api/deals', {
      title: 'Zimmerhalt expansion',
      value: 1000,
      contactId: contact.id,
    });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    const sent: string[] = [];
    page.on('request', (r) => void (r.method() === 'PATCH' && r.url().includes(`/api/deals/${deal.id}`) && sent.push(r.postData() ?? '')));
    await page.goto(`${live.url}/deals/${deal.id}/edit`);
    await page.getByRole('heading', { name: 'Edit Zimmerhalt expansion', level: 1 }).waitFor();
    const form = page.locator('form.record-form');
    // The picker shows the current contact by name, fetched by its id.
    await expect.poll(() => form.getByLabel('Contact').textContent()).toContain('Zoe Zimmerhalt');
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'deal-edit');
    await form.getByLabel('Value', { exact: true }).fill('1500');
    await page.getByRole('button', { name: 'Save' }).click();
    // exact: without it, 'Edit Zimmerhalt expansion' matches before the save has left.
    await page.getByRole('heading', { name: 'Zimmerhalt expansion', level: 1, exact: true }).waitFor();
    expect(sent.map((b) => JSON.parse(b) as unknown)).toEqual([{ value: 1500 }]);
    const after = await api<{ value: number; contactId: string; stageId: string; probability: number }>('GET', `/api/deals/${deal.id}`);
    expect(after.body).toMatchObject({ value: 1500, contactId: contact.id, stageId: deal.stageId, probability: deal.probability });
    await context.close();
  });

  it('a double click on Create makes one record', async () => {
    const name = `Doubleclick Ltd ${Date.now().toString(36)}`;
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    const posts: string[] = [];
    page.on('request', (r) => void (r.method() === 'POST' && new URL(r.url()).pathname === '/api/companies' && posts.push(r.url())));
    await page.goto(`${live.url}/companies/new`);
    await page.getByLabel('Name (required)').fill(name);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Create company' }).dblclick();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    const found = await api<{ total: number; data: { id: string }[] }>('GET', `/api/companies?q=${encodeURIComponent(name)}`);
    expect(found.body.total).toBe(1);
    expect(page.url()).toContain(found.body.data[0]!.id);
    expect(posts.length).toBeLessThanOrEqual(1);
    await context.close();
  });

  it('a possible duplicate is named (with a link) when the email or the domain is left, before creating; the user may go on', async () => {
    const tag = Date.now().toString(36);
    const existing = await create<{ id: string }>('/api/contacts', {
      firstName: 'Dana',
      lastName: `Dupe${tag}`,
      email: `dana.${tag}@dupe.example`,
    });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts/new`);
    await page.getByLabel('First name (required)').fill('Dana');
    await page.getByLabel('Last name (required)').fill(`Other${tag}`);
    await page.getByLabel('Email').fill(`DANA.${tag}@dupe.example`);
    await page.getByLabel('Email').blur();
    const notice = page.getByRole('region', { name: 'Possible duplicate' });
    await notice.waitFor();
    const link = notice.getByRole('link', { name: `Dana Dupe${tag}` });
    expect(await link.getAttribute('href')).toBe(`/contacts/${existing.id}`);
    expect(await notice.textContent()).toContain('same email');
    expect(await axeViolations(page)).toEqual([]);
    await screenshots(page, 'contact-duplicate');
    // Nothing was created by the check; creating anyway makes the second contact.
    expect((await api<{ total: number }>('GET', `/api/contacts?q=${encodeURIComponent(`Other${tag}`)}`)).body.total).toBe(0);
    await page.getByRole('button', { name: 'Create contact' }).click();
    await page.getByRole('heading', { name: `Dana Other${tag}`, level: 1 }).waitFor();
    expect((await api<{ total: number }>('GET', `/api/contacts?email=${encodeURIComponent(`dana.${tag}@dupe.example`)}`)).body.total).toBe(
      2,
    );

    // A company by its domain.
    const company = await create<{ id: string }>('/api/companies', { name: `Dupeco ${tag}`, domain: `dupeco-${tag}.example` });
    await page.goto(`${live.url}/companies/new`);
    await page.getByLabel('Name (required)').fill(`Another ${tag}`);
    await page.getByLabel('Domain').fill(`dupeco-${tag}.example`);
    await page.getByLabel('Domain').blur();
    await notice.getByRole('link', { name: `Dupeco ${tag}` }).waitFor();
    expect(await notice.getByRole('link', { name: `Dupeco ${tag}` }).getAttribute('href')).toBe(`/companies/${company.id}`);
    await context.close();
  });

  it('on a phone the first row shows without scrolling, rows are cards, and touch targets are at least 24px', async () => {
    await create('/api/contacts', { firstName: 'Phoebe', lastName: 'Phoneview', email: 'phoebe@phone.example', phone: '+46 70 123 45 67' });
    const { context, page } = await newPage(PHONE);
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/contacts`);
    await settled(page);
    const first = page.locator('table.records tbody tr').first();
    await first.waitFor();
    const box = (await first.boundingBox())!;
    expect(box.y + box.height, 'the first row ends inside the first screen').toBeLessThanOrEqual(PHONE.height);
    expect(await page.evaluate('window.scrollY')).toBe(0);
    // A card: the row is a block, the header row is hidden, each cell says what it is.
    expect(await page.evaluate('getComputedStyle(document.querySelector("table.records tbody tr")).display')).toBe('block');
    expect(await page.evaluate('getComputedStyle(document.querySelector("table.records thead")).display')).toBe('none');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    // Every control in the page is at least 24px high (and wide, but for links: their text may be short).
    const small = await page.evaluate<
      string[]
    >(`[...document.querySelectorAll('main a, main button, main input, main select, main summary')]
      .filter((el) => el.getClientRects().length > 0)
      .map((el) => [el, el.getBoundingClientRect()])
      .filter(([el, r]) => r.height < 24 || (el.tagName !== 'A' && r.width < 24))
      .map(([el, r]) => el.tagName + ' “' + (el.textContent.trim() || el.getAttribute('aria-label') || '') + '” ' + Math.round(r.width) + '×' + Math.round(r.height))`);
    expect(small).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('contacts-cards-390') });
    await context.close();
  });

  it('moving a deal to Lost asks for the reason in an in-page dialog; the server gets status lost with it', async () => {
    const pipelines = await api<{ data: { id: string; isDefault: boolean; stages: { id: string; name: string; kind: string }[] }[] }>(
      'GET',
      '/api/pipelines',
    );
    const stages = pipelines.body.data.find((p) => p.isDefault)!.stages;
    const lost = stages.find((s) => s.kind === 'lost')!;
    const deal = await create<{ id: string; stageId: string }>('/api/deals', { title: 'Doomed renewal', value: 800 });
    const { context, page } = await newPage();
    // No native prompt any more: any would be dismissed here and fail the test at the end.
    const native: string[] = [];
    page.on('dialog', (d) => void (native.push(d.type()), d.dismiss()));
    await signIn(page, live.url, acme.owner.email);
    await nav(page, 'Pipeline').click();
    // All deals, so the lost card stays on the board (the open-only board focuses the Lost column instead).
    await page.getByRole('group', { name: 'Deals' }).getByRole('button', { name: 'All', exact: true }).click();
    await expect.poll(() => page.evaluate('location.search')).toContain('status=all');
    const open = stages.find((s) => s.id === deal.stageId)!;
    const moveButton = page.getByRole('button', { name: /^Move… \(stage of Doomed renewal: / });
    await moveButton.waitFor();
    expect(await moveButton.getAttribute('aria-label')).toBe(`Move… (stage of Doomed renewal: ${open.name})`);
    // The card's Move… dialog: choose the lost stage, then its Move button hands over to the lost reason dialog.
    const chooseLost = async () => {
      await moveButton.click();
      const mover = page.getByRole('dialog', { name: 'Move “Doomed renewal”' });
      await mover.getByRole('radio', { name: lost.name }).check();
      await mover.getByRole('button', { name: 'Move…', exact: true }).click();
      await mover.waitFor({ state: 'detached' });
    };

    // Escape cancels: nothing changes.
    await chooseLost();
    const dialog = page.getByRole('dialog', { name: 'Why was “Doomed renewal” lost?' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => moveButton.getAttribute('aria-label')).toBe(`Move… (stage of Doomed renewal: ${open.name})`);
    expect((await api<{ status: string }>('GET', `/api/deals/${deal.id}`)).body.status).toBe('open');

    // An empty reason is refused in place; a real one moves the deal. (Focus lands in the reason, as a keyboard user's would.)
    await chooseLost();
    await dialog.waitFor();
    expect(await page.evaluate('document.activeElement?.name')).toBe('lostReason');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await dialog.getByText('Say why the deal was lost.').first().waitFor();
    await dialog.getByLabel('Lost reason (required)').fill('Chose a cheaper vendor');
    await screenshots(page, 'lost-reason');
    await dialog.getByRole('button', { name: 'Mark as lost' }).click();
    await page.getByText(`Moved “Doomed renewal” to ${lost.name}.`).waitFor();
    const after = await api<{ status: string; lostReason: string; stageId: string }>('GET', `/api/deals/${deal.id}`);
    expect(after.body).toMatchObject({ status: 'lost', lostReason: 'Chose a cheaper vendor', stageId: lost.id });
    // Focus comes back to the card's Move… button (now in the lost column), for keyboard users.
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("aria-label")'))
      .toBe(`Move… (stage of Doomed renewal: ${lost.name})`);
    expect(native).toEqual([]);
    await context.close();
  });

  it('a viewer sees no bulk, convert, edit or completion controls', async () => {
    const viewer = await addMember(live.t, acme, 'viewer');
    const lead = await create('/api/leads', { title: 'Viewer-visible lead' });
    await create('/api/tasks', { title: 'Overdue for the viewer to see', dueAt: new Date(Date.now() - 86_400_000).toISOString() });
    const { context, page } = await newPage();
    await signIn(page, live.url, viewer.email);
    await nav(page, 'Leads').click();
    await page.getByRole('link', { name: 'Viewer-visible lead' }).waitFor();
    await expectReadOnlyList(page, 'New lead');
    await page.getByRole('link', { name: 'Viewer-visible lead' }).click();
    await page.getByRole('heading', { name: 'Viewer-visible lead', level: 1 }).waitFor();
    expect(page.url()).toContain(lead.id);
    for (const [role, name] of [
      ['button', 'Convert lead…'],
      ['link', 'Edit'],
      ['button', 'Log activity'],
      ['button', 'Add task'],
    ] as const)
      expect(await page.getByRole(role, { name }).count(), name).toBe(0);
    await nav(page, 'Contacts').click();
    await settled(page);
    expect(await page.locator('table.records input[type="checkbox"]').count()).toBe(0);
    // The form is never offered to a viewer: a plain notice instead.
    await page.goto(`${live.url}/contacts/new`);
    await page.getByText('Your role can read records but not change them.').waitFor();
    expect(await page.locator('form.record-form').count()).toBe(0);
    await page.goto(`${live.url}/tasks?view=overdue`);
    await page.getByText('Overdue for the viewer to see').waitFor();
    expect(await page.locator('.tasks-view input[type="checkbox"]').count()).toBe(0);
    await context.close();
  });
});

describe.skipIf(!run)('the record screens in read-only license mode', { timeout: 90_000 }, () => {
  it('bulk selection, conversion and task completion are shown disabled with the reason', async () => {
    const browser = await launchChromium();
    const live = await startLiveServer({ licenseKey: devKey({ expiresAt: new Date(Date.now() + 40 * DAY), maxUsers: 50 }) });
    try {
      const acme = await createTenant(live.t, 'acme');
      const post = (path: string, body: unknown) =>
        live.t.app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${acme.owner.token}` },
          body: JSON.stringify(body),
        });
      const lead = (await (await post('/api/leads', { title: 'Frozen lead' })).json()) as { id: string };
      expect((await post('/api/tasks', { title: 'Frozen task', dueAt: new Date(Date.now() - DAY).toISOString() })).status).toBe(201);
      live.clock.offsetMs = 55 * DAY; // past expiry and the 14 days of grace
      const page = await browser.newPage({ viewport: DESKTOP });
      await signIn(page, live.url, acme.owner.email);
      await page.goto(`${live.url}/leads`);
      await page.getByRole('link', { name: 'Frozen lead' }).waitFor();
      expect(await page.getByLabel('Select Frozen lead').isDisabled()).toBe(true);
      expect(await page.getByLabel('Select all on this page').isDisabled()).toBe(true);
      const del = page.getByRole('button', { name: 'Delete selected' });
      expect(await del.isDisabled()).toBe(true);
      expect(await del.getAttribute('title')).toMatch(/Reading and exporting keep working/);
      // The edit form: its controls disabled, with the reason.
      await page.goto(`${live.url}/leads/${lead.id}/edit`);
      await page.getByRole('heading', { name: 'Edit Frozen lead', level: 1 }).waitFor();
      expect(await page.getByLabel('Title (required)').isDisabled()).toBe(true);
      expect(await page.getByLabel('Title (required)').inputValue()).toBe('Frozen lead');
      const save = page.getByRole('button', { name: 'Save' });
      expect(await save.isDisabled()).toBe(true);
      expect(await save.getAttribute('title')).toMatch(/Reading and exporting keep working/);
      await page
        .locator('form.record-form .warn-notice')
        .getByText(/Reading and exporting keep working/)
        .waitFor();
      await page.goto(`${live.url}/leads/${lead.id}`);
      await page.getByRole('heading', { name: 'Frozen lead', level: 1, exact: true }).waitFor();
      expect(await page.getByRole('button', { name: 'Convert lead…' }).isDisabled()).toBe(true);
      await page.goto(`${live.url}/tasks?view=overdue`);
      await page.getByText('Frozen task').waitFor();
      expect(await page.getByLabel('Frozen task').isDisabled()).toBe(true);
      await page.close();
    } finally {
      await browser.close();
      await live.close();
    }
  });
});
