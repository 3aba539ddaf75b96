import type { Browser } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, type TenantFixture } from '../helpers/fixtures';
import {
  airGappedPage,
  browserAndServer,
  expectReadOnlyList,
  browserAvailable,
  DESKTOP,
  screenshotsAtBothWidths,
  serverApi,
  settled,
  signIn,
  type LiveServer,
} from './browser';

const run = browserAvailable();

interface Stage {
  id: string;
  name: string;
  kind: string;
  probability: number;
}
interface Deal {
  id: string;
  title: string;
  value: number;
  currency: string;
  stageId: string;
  status: string;
  companyId: string | null;
  contactId: string | null;
  expectedCloseDate: string | null;
  probability: number;
  ownerId: string | null;
}

describe.skipIf(!run)('the web UI: deals as records (list, form, page) next to the board', { timeout: 90_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let acme: TenantFixture;
  let stages: Stage[];

  const { api, create } = serverApi(
    () => live,
    () => acme.owner.token,
  );
  const stage = (name: string) => stages.find((s) => s.name === name)!;

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    acme = await createTenant(live.t, 'acme');
    const pipelines = await api<{ data: { isDefault: boolean; stages: Stage[] }[] }>('GET', '/api/pipelines');
    stages = pipelines.body.data.find((p) => p.isDefault)!.stages;
  });

  const newPage = (viewport = DESKTOP) => airGappedPage(browser, live, viewport);

  const screenshots = screenshotsAtBothWidths;

  it('a deal is created from the list’s form (the API’s refusal shown inline first) with its pipeline stage, company and contact', async () => {
    const company = await create('/api/companies', { name: 'Nordhavn Freight' });
    const contact = await create('/api/contacts', { firstName: 'Ida', lastName: 'Berg', companyId: company.id });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/deals`);
    await page.getByRole('link', { name: 'List view' }).click();
    await settled(page);
    expect(new URL(page.url()).pathname).toBe('/deals/list');
    await page.getByRole('link', { name: 'New deal' }).click();
    await settled(page);

    const form = page.locator('form.record-form');
    await form.getByLabel('Title (required)').fill('Nordhavn fleet tracking');
    await form.getByLabel('Value', { exact: true }).fill('-5');
    await form.getByLabel('Currency', { exact: true }).fill('EUR');
    // The stage list offers the default pipeline's stages.
    expect(await form.getByLabel('Stage', { exact: true }).locator('option').allTextContents()).toEqual(stages.map((s) => s.name));
    await form.getByLabel('Stage', { exact: true }).selectOption({ label: 'Proposal' });
    await form.getByLabel('Company', { exact: true }).selectOption({ label: 'Nordhavn Freight' });
    await form.getByLabel('Contact', { exact: true }).selectOption({ label: 'Ida Berg' });
    await form.getByLabel('Expected close date').fill('2031-03-15');
    await form.getByLabel('Probability (%)').fill('60');
    await page.getByRole('button', { name: 'Create deal' }).click();
    const valueError = page.locator('[data-field="value"] .field-error');
    await valueError.waitFor();
    expect((await valueError.textContent())?.length).toBeGreaterThan(0);
    expect(await form.getByLabel('Value', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect((await api<{ total: number }>('GET', `/api/deals?q=${encodeURIComponent('Nordhavn fleet')}`)).body.total).toBe(0);
    await screenshots(page, 'deal-form');

    await form.getByLabel('Value', { exact: true }).fill('12000.50');
    await page.getByRole('button', { name: 'Create deal' }).click();
    await page.getByRole('heading', { name: 'Nordhavn fleet tracking', level: 1 }).waitFor();
    const id = page.url().split('/').pop()!;
    const deal = await api<Deal>('GET', `/api/deals/${id}`);
    expect(deal.body).toMatchObject({
      title: 'Nordhavn fleet tracking',
      value: 12000.5,
      currency: 'EUR',
      stageId: stage('Proposal').id,
      companyId: company.id,
      contactId: contact.id,
      expectedCloseDate: '2031-03-15',
      probability: 60,
      ownerId: acme.owner.id,
    });
    // The page links the related records.
    const related = page.getByRole('region', { name: 'Related' });
    await related.getByRole('link', { name: 'Nordhavn Freight' }).waitFor();
    await related.getByRole('link', { name: 'Ida Berg' }).waitFor();
    await context.close();
  });

  it('the list filtered by stage, then by status, narrows to what the server says, in the URL and across a reload', async () => {
    for (const [title, s] of [
      ['Filter deal A', 'Qualified'],
      ['Filter deal B', 'Qualified'],
      ['Filter deal C', 'New'],
    ] as const)
      await create('/api/deals', { title, stageId: stage(s).id });
    const won = await create('/api/deals', { title: 'Filter deal won' });
    expect((await api('POST', `/api/deals/${won.id}/move`, { stageId: stage('Won').id })).status).toBe(200);

    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/deals/list`);
    await page.getByRole('link', { name: 'Filter deal C' }).waitFor();
    await page.getByText('Filters', { exact: true }).click();
    const filters = page.getByRole('form', { name: 'Filters' });
    await filters.getByLabel('Stage').selectOption({ label: 'Qualified' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Filters (1 on)').waitFor();
    expect(new URL(page.url()).searchParams.get('stageId')).toBe(stage('Qualified').id);
    const expectRows = async (query: string, present: string[], absent: string[]) => {
      await settled(page);
      const expected = await api<{ total: number }>('GET', `/api/deals?${query}`);
      for (const t of present) await page.getByRole('link', { name: t }).waitFor();
      for (const t of absent) expect(await page.getByRole('link', { name: t }).count(), t).toBe(0);
      expect(await page.locator('table.records tbody tr').count()).toBe(expected.body.total);
    };
    await expectRows(`stageId=${stage('Qualified').id}`, ['Filter deal A', 'Filter deal B'], ['Filter deal C', 'Filter deal won']);
    await page.reload();
    await expectRows(`stageId=${stage('Qualified').id}`, ['Filter deal A', 'Filter deal B'], ['Filter deal C', 'Filter deal won']);
    expect(await page.getByRole('form', { name: 'Filters' }).getByLabel('Stage').inputValue()).toBe(stage('Qualified').id);

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: 'Filter deal C' }).waitFor();
    await page.getByText('Filters', { exact: true }).click();
    await page.getByRole('form', { name: 'Filters' }).getByLabel('Status').selectOption('won');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Filters (1 on)').waitFor();
    expect(new URL(page.url()).searchParams.get('status')).toBe('won');
    await page.reload();
    await expectRows('status=won', ['Filter deal won'], ['Filter deal A', 'Filter deal C']);
    await context.close();
  });

  it('the deal page shows the timeline; a quick-added call lands there and on the server; an edit moves the stage', async () => {
    const deal = await create<Deal>('/api/deals', { title: 'Harbour cranes renewal', value: 4000 });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    // From the board: the card's title leads to the deal's page.
    await page.goto(`${live.url}/deals`);
    await page.locator(`[data-deal-id="${deal.id}"]`).getByRole('link', { name: 'Harbour cranes renewal' }).click();
    await page.getByRole('heading', { name: 'Harbour cranes renewal', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/deals/${deal.id}`);
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.waitFor();

    await page.getByLabel('Type').selectOption('call');
    await page.getByLabel('Subject').fill('Called about the crane count');
    await page.getByRole('button', { name: 'Log activity' }).click();
    await timeline.getByText('Called about the crane count').waitFor();
    const acts = await api<{ data: { type: string; subject: string; dealId: string }[] }>('GET', `/api/activities?dealId=${deal.id}`);
    expect(acts.body.data).toEqual([expect.objectContaining({ type: 'call', subject: 'Called about the crane count', dealId: deal.id })]);
    await screenshots(page, 'deal');

    // Edit: a new stage; the probability shown (the stage's) is not saved as the deal's own.
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel('Stage', { exact: true }).selectOption({ label: 'Negotiation' });
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Harbour cranes renewal', level: 1 }).waitFor();
    const after = await api<Deal>('GET', `/api/deals/${deal.id}`);
    expect(after.body).toMatchObject({ stageId: stage('Negotiation').id, probability: stage('Negotiation').probability, value: 4000 });
    await context.close();
  });

  it('bulk select on the deals list deletes two deals and keeps the third', async () => {
    const tag = `Bulkdeal ${Date.now().toString(36)}`;
    const made: Deal[] = [];
    for (const n of [1, 2, 3]) made.push(await create<Deal>('/api/deals', { title: `${tag} ${n}`, value: n * 100 }));
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/deals/list?q=${encodeURIComponent(tag)}&sort=title`);
    await page.getByRole('link', { name: `${tag} 3` }).waitFor();
    await page.getByRole('link', { name: 'Board view' }).waitFor();
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await page.getByLabel(`Select ${tag} 1`, { exact: true }).check();
    await page.getByLabel(`Select ${tag} 2`, { exact: true }).check();
    await bar.getByText('2 selected').waitFor();
    await screenshots(page, 'deals');
    await bar.getByRole('button', { name: 'Delete selected' }).click();
    await page.getByRole('dialog', { name: 'Delete 2 deals?' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Deleted 2 deals.').waitFor();
    for (const [i, d] of made.entries()) expect((await api('GET', `/api/deals/${d.id}`)).status, d.title).toBe(i < 2 ? 404 : 200);
    expect(await page.locator('table.records tbody tr').count()).toBe(1);
    await context.close();
  });

  it('a viewer sees the deals list and pages with no edit, bulk or quick-add controls', async () => {
    const viewer = await addMember(live.t, acme, 'viewer');
    const deal = await create('/api/deals', { title: 'Viewer-visible deal' });
    const { context, page } = await newPage();
    await signIn(page, live.url, viewer.email);
    await page.goto(`${live.url}/deals/list`);
    await page.getByRole('link', { name: 'Viewer-visible deal' }).waitFor();
    await expectReadOnlyList(page, 'New deal');
    await page.getByRole('link', { name: 'Viewer-visible deal' }).click();
    await page.getByRole('heading', { name: 'Viewer-visible deal', level: 1 }).waitFor();
    expect(page.url()).toContain(deal.id);
    for (const [role, name] of [
      ['link', 'Edit'],
      ['button', 'Log activity'],
      ['button', 'Add task'],
    ] as const)
      expect(await page.getByRole(role, { name }).count(), name).toBe(0);
    await page.goto(`${live.url}/deals/new`);
    await page.getByText('Your role can read records but not change them.').waitFor();
    await context.close();
  });
});
