import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, type TenantFixture } from '../helpers/fixtures';
import {
  dealPatchesOf,
  mouseDrag,
  airGappedPage,
  browserAndServer,
  expectReadOnlyList,
  browserAvailable,
  DESKTOP,
  PHONE,
  screenshotPath,
  screenshotsAtBothWidths,
  serverApi,
  settled,
  signIn,
  type LiveServer,
  axeViolations,
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
    // Company and contact are type-ahead pickers: open, type, choose.
    const pick = async (field: RegExp, search: string, typed: string, name: string) => {
      const trigger = form.getByRole('button', { name: field });
      await trigger.click();
      await page.getByRole('combobox', { name: search }).fill(typed);
      await page.getByRole('option', { name, exact: true }).click();
      await expect.poll(() => trigger.textContent()).toContain(name);
    };
    await pick(/^Company\b/, 'Search companies', 'Nordh', 'Nordhavn Freight');
    await pick(/^Contact\b/, 'Search contacts', 'Ida', 'Ida Berg');
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
    // The page links the related records (in its details).
    const related = page.getByRole('region', { name: 'Details' });
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
    // The toast comes before the list's refetch lands: wait for the list to show what the server has.
    await page.getByRole('link', { name: `${tag} 1`, exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: `${tag} 2`, exact: true }).waitFor({ state: 'detached' });
    await expect.poll(() => page.locator('table.records tbody tr').count()).toBe(1);
    await page.getByRole('link', { name: `${tag} 3`, exact: true }).waitFor();
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

interface BoardStage {
  stageId: string;
  name: string;
  count: number;
  totals: { currency: string; amount: number }[];
}
interface BoardBody {
  pipelineId: string;
  stages: BoardStage[];
}

/** A column's header line as the board writes it: "3 deals · EUR 1,200.50 + USD 40". */
const amount = (v: number, c: string) =>
  `${c} ${v.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: v % 1 ? 2 : 0 })}`;
const columnLine = (s: BoardStage) =>
  `${s.count} ${s.count === 1 ? 'deal' : 'deals'}${s.count > 0 && s.totals.length ? ` · ${s.totals.map((t) => amount(t.amount, t.currency)).join(' + ')}` : ''}`;

describe.skipIf(!run)('the web UI: the pipeline board, the dashboard and the command palette', { timeout: 120_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let acme: TenantFixture;
  let pipelineId: string;
  let stages: Stage[];
  const { api, create } = serverApi(
    () => live,
    () => acme.owner.token,
  );
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  const column = (page: Page, name: string) => page.locator(`section.column[data-stage-id="${stage(name).id}"]`);
  const board = async () => (await api<BoardBody>('GET', `/api/deals/board?pipelineId=${pipelineId}`)).body;
  const stageOf = async (id: string) => (await api<Deal>('GET', `/api/deals/${id}`)).body;

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    acme = await createTenant(live.t, 'acme');
    // A pipeline of the test's own: its counts are only what is seeded here.
    const made = await create<{ id: string; stages: Stage[] }>('/api/pipelines', {
      name: 'Enterprise',
      stages: [
        { name: 'Prospect', probability: 10 },
        { name: 'Offer', probability: 40 },
        { name: 'Closing', probability: 80 },
        { name: 'Signed', probability: 100, kind: 'won' },
        { name: 'Dropped', probability: 0, kind: 'lost' },
      ],
    });
    pipelineId = made.id;
    stages = made.stages;
    const seed = async (title: string, stageName: string, value: number, currency: string, extra: Record<string, unknown> = {}) =>
      create<Deal>('/api/deals', { title, pipelineId, stageId: stage(stageName).id, value, currency, ...extra });
    // 55 in Prospect: more than one page of 50, so the column pages as it scrolls.
    for (let i = 1; i <= 55; i++)
      await seed(`Prospect deal ${String(i).padStart(2, '0')}`, 'Prospect', i * 10, i % 5 === 0 ? 'USD' : 'EUR');
    const harbour = await create('/api/companies', { name: 'Harbour Logistics' });
    await seed('Offer in euros', 'Offer', 1200.5, 'EUR', { expectedCloseDate: '2031-02-10', companyId: harbour.id });
    await seed('Offer in dollars', 'Offer', 40, 'USD', { expectedCloseDate: '2031-06-30' });
    await seed('Offer in pounds', 'Offer', 999.99, 'GBP');
    const won = await seed('Already signed', 'Offer', 5000, 'EUR');
    expect((await api('PATCH', `/api/deals/${won.id}`, { stageId: stage('Signed').id })).status).toBe(200);
  });

  const newPage = (viewport = DESKTOP) => airGappedPage(browser, live, viewport);

  it('the column counts and per-currency totals are the server’s; won deals behind the toggle; filters in the URL; a column pages as it scrolls', async () => {
    const server = await board();
    // The seeds, as the server counts them.
    const byName = Object.fromEntries(server.stages.map((s) => [s.name, s]));
    expect(byName.Prospect).toMatchObject({ count: 55 });
    const seeded = { EUR: 0, USD: 0 };
    for (let i = 1; i <= 55; i++) seeded[i % 5 === 0 ? 'USD' : 'EUR'] += i * 10;
    expect(byName.Prospect!.totals).toEqual([
      { currency: 'EUR', amount: seeded.EUR },
      { currency: 'USD', amount: seeded.USD },
    ]);
    expect(byName.Offer).toMatchObject({ count: 3 });
    expect(byName.Offer!.totals).toEqual([
      { currency: 'EUR', amount: 1200.5 },
      { currency: 'GBP', amount: 999.99 },
      { currency: 'USD', amount: 40 },
    ]);
    expect(byName.Closing).toMatchObject({ count: 0, totals: [] });
    expect(byName.Signed).toMatchObject({ count: 0 }); // open deals only by default
    for (const s of server.stages) {
      const list = await api<{ total: number }>('GET', `/api/deals?pipelineId=${pipelineId}&stageId=${s.stageId}&status=open&limit=1`);
      expect(list.body.total, s.name).toBe(s.count);
    }

    const { context, page } = await newPage();
    const lists: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname === '/api/deals' && u.searchParams.get('stageId') === stage('Prospect').id) lists.push(u.search);
    });
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/deals?pipelineId=${pipelineId}`);
    await settled(page);
    for (const s of server.stages)
      await expect
        .poll(() => page.locator(`section.column[data-stage-id="${s.stageId}"] .column-line`).textContent(), { message: s.name })
        .toBe(columnLine(s));
    expect(
      await page.getByRole('list', { name: 'Enterprise pipeline' }).getByRole('listitem', { name: 'Offer', exact: true }).count(),
    ).toBe(1);
    // The card: title (a link to the deal), value, company, owner and expected close.
    const offer = page.locator('article.deal', { hasText: 'Offer in euros' });
    await offer.getByRole('link', { name: 'Offer in euros' }).waitFor();
    expect(await offer.textContent()).toContain('EUR 1,200.50');
    await offer.getByText('Harbour Logistics').waitFor();
    const me = await api<{ user: { name: string } }>('GET', '/api/auth/me');
    expect(await offer.textContent()).toContain(me.body.user.name);
    expect(await offer.textContent()).toContain('10 Feb 2031');
    expect(await axeViolations(page)).toEqual([]);
    await screenshotsAtBothWidths(page, 'board');

    // Paging: 50 first, the rest when the column is scrolled to its end.
    await expect.poll(() => lists.length).toBe(1);
    expect(lists[0]).toContain('limit=50');
    expect(lists[0]).not.toContain('cursor=');
    await column(page, 'Prospect')
      .locator('.cards')
      .evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await column(page, 'Prospect')
      .locator('.cards')
      .evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await expect.poll(() => lists.some((q) => q.includes('cursor='))).toBe(true);
    await column(page, 'Prospect')
      .locator('.cards')
      .evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await column(page, 'Prospect').getByRole('link', { name: 'Prospect deal 01' }).waitFor();
    // Virtualised: far fewer cards on the page than the column holds.
    expect(await column(page, 'Prospect').locator('article.deal').count()).toBeLessThan(40);

    // Won deals: behind the status toggle, in the URL, as the server counts them.
    await page.getByRole('group', { name: 'Deals' }).getByRole('button', { name: 'Won' }).click();
    await page.waitForURL((u) => u.searchParams.get('status') === 'won');
    const wonBoard = (await api<BoardBody>('GET', `/api/deals/board?pipelineId=${pipelineId}&status=won`)).body;
    expect(wonBoard.stages.find((s) => s.name === 'Signed')).toMatchObject({ count: 1, totals: [{ currency: 'EUR', amount: 5000 }] });
    for (const s of wonBoard.stages)
      await expect
        .poll(() => page.locator(`section.column[data-stage-id="${s.stageId}"] .column-line`).textContent(), { message: s.name })
        .toBe(columnLine(s));
    await column(page, 'Signed').getByRole('link', { name: 'Already signed' }).waitFor();

    // Filters: search, then an expected-close range; the URL holds them across a reload.
    await page.getByRole('group', { name: 'Deals' }).getByRole('button', { name: 'Open' }).click();
    await page.getByLabel('Search deals').fill('offer');
    await page.waitForURL((u) => u.searchParams.get('q') === 'offer');
    await page.getByLabel('Expected close from').fill('2031-01-01');
    await page.getByLabel('Expected close to').fill('2031-03-31');
    await page.waitForURL((u) => u.searchParams.get('closeTo') === '2031-03-31');
    await page.reload();
    await settled(page);
    const query = '&q=offer&closeFrom=2031-01-01&closeTo=2031-03-31';
    const filtered = (await api<BoardBody>('GET', `/api/deals/board?pipelineId=${pipelineId}${query}`)).body;
    expect(filtered.stages.find((s) => s.name === 'Offer')).toMatchObject({ count: 1, totals: [{ currency: 'EUR', amount: 1200.5 }] });
    for (const s of filtered.stages)
      await expect
        .poll(() => page.locator(`section.column[data-stage-id="${s.stageId}"] .column-line`).textContent(), { message: s.name })
        .toBe(columnLine(s));
    expect(await page.getByLabel('Search deals').inputValue()).toBe('offer');
    expect(await page.getByLabel('Expected close from').inputValue()).toBe('2031-01-01');
    await column(page, 'Offer').getByRole('link', { name: 'Offer in euros' }).waitFor();
    expect(await column(page, 'Offer').getByRole('link', { name: 'Offer in dollars' }).count()).toBe(0);
    // The list view link carries the same filters.
    const listHref = new URL((await page.getByRole('link', { name: 'List view' }).getAttribute('href'))!, live.url);
    expect(Object.fromEntries(listHref.searchParams)).toMatchObject({
      pipelineId,
      q: 'offer',
      closeFrom: '2031-01-01',
      closeTo: '2031-03-31',
    });
    await context.close();
  });

  it('a mouse drag and a keyboard move each change the stage with one PATCH; a drop on the lost stage asks why first', async () => {
    const mouse = await create<Deal>('/api/deals', {
      title: 'Dragged by mouse',
      pipelineId,
      stageId: stage('Closing').id,
      value: 700,
      currency: 'EUR',
    });
    const keys = await create<Deal>('/api/deals', {
      title: 'Moved by keys',
      pipelineId,
      stageId: stage('Closing').id,
      value: 300,
      currency: 'USD',
    });
    const lost = await create<Deal>('/api/deals', {
      title: 'About to be lost',
      pipelineId,
      stageId: stage('Closing').id,
      value: 10,
      currency: 'EUR',
    });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/deals?pipelineId=${pipelineId}`);
    await settled(page);
    const patches = dealPatchesOf(page);
    const card = (d: Deal) => page.locator(`[data-deal-id="${d.id}"]`);

    // Mouse: Closing → Offer.
    await card(mouse).waitFor();
    await mouseDrag(page, card(mouse), column(page, 'Offer'));
    await page.getByText('Moved “Dragged by mouse” to Offer.').waitFor();
    await expect.poll(async () => (await stageOf(mouse.id)).stageId).toBe(stage('Offer').id);
    await column(page, 'Offer').locator(`[data-deal-id="${mouse.id}"]`).waitFor();
    expect(patches).toHaveLength(1);
    for (const s of (await board()).stages)
      await expect
        .poll(() => page.locator(`section.column[data-stage-id="${s.stageId}"] .column-line`).textContent(), { message: s.name })
        .toBe(columnLine(s));

    // A refused move: the card goes back and the counts with it (the optimistic move is rolled back).
    const before = await board();
    await page.route('**/api/deals/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({ status: 409, json: { error: { code: 'CONFLICT', message: 'Someone changed this deal meanwhile.' } } })
        : route.fallback(),
    );
    await mouseDrag(page, card(mouse), column(page, 'Closing'));
    await page.getByRole('status').getByText('Someone changed this deal meanwhile.').first().waitFor();
    await column(page, 'Offer').locator(`[data-deal-id="${mouse.id}"]`).waitFor();
    expect((await stageOf(mouse.id)).stageId).toBe(stage('Offer').id);
    for (const s of before.stages)
      await expect
        .poll(() => page.locator(`section.column[data-stage-id="${s.stageId}"] .column-line`).textContent(), { message: s.name })
        .toBe(columnLine(s));
    await page.unroute('**/api/deals/*');
    expect(patches).toHaveLength(2);

    // Keyboard, with Move…: the arrows choose (nothing sent), the Move button confirms (one PATCH).
    await card(keys)
      .getByRole('button', { name: /^Move…/ })
      .focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Move “Moved by keys”' });
    await dialog.waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('board-move-1280') });
    await dialog.getByRole('radio', { name: /^Closing/ }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await dialog.getByRole('radio', { name: /^Offer/ }).isChecked()).toBe(true);
    expect(patches).toHaveLength(2);
    await dialog.getByRole('button', { name: 'Move', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Moved “Moved by keys” to Offer.').waitFor();
    expect((await stageOf(keys.id)).stageId).toBe(stage('Offer').id);
    expect(patches).toHaveLength(3);
    // Focus follows the card to its new column.
    await expect
      .poll(() => page.evaluate<string | null>("document.activeElement?.closest('[data-deal-id]')?.getAttribute('data-deal-id') ?? null"))
      .toBe(keys.id);

    // Keyboard, dragging with the handle: Space, arrows between columns, Space to drop; one PATCH at the drop.
    await card(keys).getByRole('button', { name: 'Drag Moved by keys' }).focus();
    await page.keyboard.press('Space');
    await page.locator('.deal.overlay').waitFor();
    // Each arrow shows the column it is over (none when back home); none of them sends anything.
    for (const [key, over] of [
      ['ArrowRight', 'Closing'],
      ['ArrowLeft', null],
      ['ArrowRight', 'Closing'],
    ] as const) {
      await page.keyboard.press(key);
      if (over) await expect.poll(() => column(page, over).getAttribute('class')).toContain('drop');
      else await expect.poll(() => page.locator('section.column.drop').count()).toBe(0);
    }
    await page.keyboard.press('Space');
    await page.getByText('Moved “Moved by keys” to Closing.').waitFor();
    expect((await stageOf(keys.id)).stageId).toBe(stage('Closing').id);
    expect(patches).toHaveLength(4);

    // The lost stage: the reason first (Cancel sends nothing), then one PATCH with it.
    await mouseDrag(page, card(lost), column(page, 'Dropped'));
    const why = page.getByRole('dialog', { name: 'Why was “About to be lost” lost?' });
    await why.waitFor();
    await why.getByRole('button', { name: 'Cancel' }).click();
    await why.waitFor({ state: 'detached' });
    expect(patches).toHaveLength(4);
    expect((await stageOf(lost.id)).status).toBe('open');
    await mouseDrag(page, card(lost), column(page, 'Dropped'));
    await why.waitFor();
    await why.getByRole('button', { name: 'Mark as lost' }).click();
    await why.getByText('Say why the deal was lost.').waitFor();
    expect(patches).toHaveLength(4);
    await why.getByLabel('Lost reason (required)').fill('Went with a cheaper offer');
    await why.getByRole('button', { name: 'Mark as lost' }).click();
    await page.getByText('Moved “About to be lost” to Dropped.').waitFor();
    expect(patches).toHaveLength(5);
    expect(await stageOf(lost.id)).toMatchObject({ stageId: stage('Dropped').id, status: 'lost', lostReason: 'Went with a cheaper offer' });
    // Lost deals are not on the open board: the column says so and links to them.
    await column(page, 'Dropped').getByRole('link', { name: 'Show lost deals' }).waitFor();
    await context.close();
  });

  it('on a phone the columns stack and a press-and-hold drag moves a deal (one PATCH); a quick swipe scrolls instead', async () => {
    const deal = await create<Deal>('/api/deals', {
      title: 'Touch me',
      pipelineId,
      stageId: stage('Closing').id,
      value: 55,
      currency: 'EUR',
    });
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await context.route('**/*', (route) => (route.request().url().startsWith(live.url) ? route.continue() : route.abort()));
    const page = await context.newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/deals?pipelineId=${pipelineId}`);
    await settled(page);
    const patches = dealPatchesOf(page);
    // Stacked: one column under the other, none wider than the phone.
    const boxes = await Promise.all(['Prospect', 'Offer', 'Closing', 'Signed'].map(async (n) => (await column(page, n).boundingBox())!));
    for (let i = 1; i < boxes.length; i++) {
      expect(boxes[i]!.x).toBe(boxes[0]!.x);
      expect(boxes[i]!.y).toBeGreaterThan(boxes[i - 1]!.y + boxes[i - 1]!.height - 1);
    }
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);

    // A column fetches its deals once it comes into view.
    await column(page, 'Closing').scrollIntoViewIfNeeded();
    const card = page.locator(`[data-deal-id="${deal.id}"]`);
    await card.waitFor();
    // The card near the top of the screen, the next column (Signed) under it.
    await card.evaluate((el) => el.ownerDocument.defaultView!.scrollBy(0, el.getBoundingClientRect().top - 90));
    const cdp = await context.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x?: number, y?: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: x === undefined ? [] : [{ x, y: y! }] });
    const a = (await card.boundingBox())!;
    const start = { x: a.x + 20, y: a.y + a.height / 2 };

    // A quick swipe down (the page is at its end): the page scrolls back up, nothing moves.
    const scrolledBefore = await page.evaluate<number>('window.scrollY');
    await touch('touchStart', start.x, start.y);
    for (let i = 1; i <= 8; i++) {
      await touch('touchMove', start.x, start.y + i * 20);
      await page.waitForTimeout(16);
    }
    await touch('touchEnd');
    await page.waitForTimeout(400);
    expect(await page.evaluate<number>('window.scrollY')).toBeLessThan(scrolledBefore);
    expect(patches).toHaveLength(0);

    // Press and hold, then drag down onto Signed.
    await card.evaluate((el) => el.ownerDocument.defaultView!.scrollBy(0, el.getBoundingClientRect().top - 90));
    const b = (await card.boundingBox())!;
    const from = { x: b.x + 20, y: b.y + b.height / 2 };
    await touch('touchStart', from.x, from.y);
    await page.waitForTimeout(400);
    const target = (await column(page, 'Signed').boundingBox())!;
    const to = { x: target.x + target.width / 2, y: target.y + 40 };
    for (let i = 1; i <= 12; i++) await touch('touchMove', from.x + ((to.x - from.x) * i) / 12, from.y + ((to.y - from.y) * i) / 12);
    await touch('touchEnd');
    await page.getByText('Moved “Touch me” to Signed.').waitFor();
    expect(patches).toHaveLength(1);
    expect(await stageOf(deal.id)).toMatchObject({ stageId: stage('Signed').id, status: 'won' });
    await page.screenshot({ path: screenshotPath('board-touch-390'), fullPage: true });
    await context.close();
  });

  it('Ctrl+K finds a contact, a company, a lead and a deal by prefix and Enter opens each; commands run from it', async () => {
    const company = await create('/api/companies', { name: 'Brindlewood Holdings' });
    const contact = await create('/api/contacts', { firstName: 'Quillon', lastName: 'Marsh', companyId: company.id });
    const lead = await create('/api/leads', { title: 'Tamarisk expansion', source: 'referral' });
    const deal = await create('/api/deals', { title: 'Obsidian renewal', value: 900 });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    const palette = page.getByRole('dialog', { name: 'Search and commands' });
    for (const [prefix, group, name, path] of [
      ['quill', 'Contacts', 'Quillon Marsh', `/contacts/${contact.id}`],
      ['brindle', 'Companies', 'Brindlewood Holdings', `/companies/${company.id}`],
      ['tamar', 'Leads', 'Tamarisk expansion', `/leads/${lead.id}`],
      ['obsid', 'Deals', 'Obsidian renewal', `/deals/${deal.id}`],
    ] as const) {
      await page.keyboard.press('Control+k');
      await palette.waitFor();
      await palette.getByRole('combobox').fill(prefix);
      const option = palette.getByRole('group', { name: group }).getByRole('option', { name });
      await option.waitFor();
      // The best match is highlighted first; a contact at Brindlewood matches "brindle" too, so the arrows reach the rest.
      for (let i = 0; i < 5 && (await option.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
      expect(await option.getAttribute('aria-selected')).toBe('true');
      if (name === 'Quillon Marsh') {
        expect(await axeViolations(page)).toEqual([]);
        await page.screenshot({ path: screenshotPath('palette-1280') });
      }
      await page.keyboard.press('Enter');
      await palette.waitFor({ state: 'detached' });
      await page.waitForURL((u) => u.pathname === path);
    }
    // Empty: the main commands; typed: the matching ones.
    await page.keyboard.press('Control+k');
    for (const c of ['New contact', 'New company', 'New lead', 'New deal', 'Go to board', 'Go to tasks', 'Go to trash', 'Go to settings'])
      await palette.getByRole('option', { name: c, exact: true }).waitFor();
    await palette.getByRole('combobox').fill('trash');
    await palette.getByRole('option', { name: 'Go to trash' }).waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/trash');
    // The header's Search button opens it too; Escape closes it.
    await page.getByRole('button', { name: /^Search/ }).click();
    await palette.waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    await context.close();
  });

  it('the dashboard shows one pipeline at a time, per currency, and each chart item opens its filtered list', async () => {
    for (const [title, stage, source] of [
      ['Funnel lead A', 'new', 'website'],
      ['Funnel lead B', 'qualified', 'website'],
      ['Funnel lead C', 'qualified', 'event'],
    ] as const)
      await create('/api/leads', { title, stage, source });
    const dealForTask = await create<Deal>('/api/deals', { title: 'Task deal', pipelineId, stageId: stage('Prospect').id });
    const task = await create('/api/tasks', { title: 'Call the buyer back', dealId: dealForTask.id, assigneeId: acme.owner.id });
    const { context, page } = await newPage();
    await signIn(page, live.url, acme.owner.email);
    await page.goto(`${live.url}/?pipelineId=${pipelineId}`);
    await settled(page);
    const chart = page.getByRole('region', { name: 'Open deals by stage' });
    const a = (
      await api<{ openPipeline: { pipelineId: string; stageId: string; currency: string; count: number; value: number }[] }>(
        'GET',
        '/api/analytics',
      )
    ).body;
    const mine = a.openPipeline.filter((r) => r.pipelineId === pipelineId);
    for (const currency of new Set(mine.map((r) => r.currency))) {
      const figure = chart.getByRole('figure', { name: new RegExp(`^Enterprise, ${currency}:`) });
      for (const s of stages.filter((x) => x.kind === 'open')) {
        const r = mine.find((x) => x.stageId === s.id && x.currency === currency);
        const link = figure.getByRole('link', { name: new RegExp(`^${s.name} `) });
        expect(await link.textContent()).toContain(`${amount(r?.value ?? 0, currency)} · ${r?.count ?? 0} deal`);
        const href = new URL((await link.getAttribute('href'))!, live.url);
        expect(href.pathname).toBe('/deals/list');
        expect(Object.fromEntries(href.searchParams)).toEqual({ pipelineId, stageId: s.id, status: 'open' });
      }
    }
    // My open tasks: each names its record (a link); ticking one marks it done on the server.
    const tasks = page.getByRole('region', { name: 'My open tasks' });
    expect(await tasks.getByRole('link', { name: 'Task deal' }).getAttribute('href')).toBe(`/deals/${dealForTask.id}`);
    await tasks.getByLabel('Call the buyer back').click();
    await expect.poll(async () => (await api<{ done: boolean }>('GET', `/api/tasks/${task.id}`)).body.done).toBe(true);
    await tasks.getByText('No open tasks.').waitFor();
    // Leads in funnel order, readable labels, each to its filtered list.
    const funnel = page.getByRole('region', { name: 'Leads by stage' }).getByRole('link');
    expect((await funnel.allTextContents()).map((t) => t.replace(/\d+$/, '').trim())).toEqual([
      'New',
      'Contacted',
      'Qualified',
      'Proposal',
      'Won',
      'Lost',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshotsAtBothWidths(page, 'dashboard-board-suite');
    await page
      .getByRole('region', { name: 'Leads by stage' })
      .getByRole('link', { name: /^Qualified/ })
      .click();
    await page.waitForURL((u) => u.pathname === '/leads' && u.searchParams.get('stage') === 'qualified');
    await page.goBack();
    await page
      .getByRole('region', { name: 'Leads by source' })
      .getByRole('link', { name: /^Website/ })
      .click();
    await page.waitForURL((u) => u.pathname === '/leads' && u.searchParams.get('source') === 'website');
    await context.close();
  });
});
