import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { seedBigTenant, type BigTenant, type SeededStage } from '../helpers/big-tenant';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import {
  airGappedPage,
  allPages,
  browserAndServer,
  browserAvailable,
  dealPatchesOf,
  DESKTOP,
  mouseDrag,
  parseColumnLine,
  parseCsvRows,
  PHONE,
  pick,
  screenshotPath,
  screenshotsAtBothWidths,
  serverApi,
  settled,
  signIn,
  type LiveServer,
} from './browser';

/*
 * The browser suite on a tenant of realistic size (5,000 contacts, 1,000 companies, 3,000 deals in
 * one pipeline, 500 leads), seeded once for the file. Every check reads the server's state back
 * (over the API, or SQL straight on the test app's database), never what the UI says it did.
 */

const run = browserAvailable();

interface Deal {
  id: string;
  title: string;
  value: number | null;
  currency: string;
  stageId: string;
  status: string;
  contactId: string | null;
  companyId: string | null;
  probability: number;
}
interface Contact {
  id: string;
  firstName: string;
  lastName: string;
  title: string | null;
  phone: string | null;
  companyId: string | null;
}
interface Figures {
  count: number;
  totals: { currency: string; cents: number }[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Per stage: how many deals and their sum per currency (in cents, currencies in order), from rows of deals. */
function figuresOf(stages: SeededStage[], rows: { stageId: string; currency: string; cents: number }[]): Map<string, Figures> {
  const out = new Map<string, Figures>(stages.map((s) => [s.id, { count: 0, totals: [] }]));
  for (const r of rows) {
    const f = out.get(r.stageId);
    if (!f) throw new Error(`a deal in stage ${r.stageId}, not in the pipeline`);
    f.count++;
    const t = f.totals.find((x) => x.currency === r.currency);
    if (t) t.cents += r.cents;
    else f.totals.push({ currency: r.currency, cents: r.cents });
  }
  for (const f of out.values()) f.totals.sort((a, b) => byText(a.currency, b.currency));
  return out;
}

/** Whether a page's requests have all been answered: POSTs to `path` seen, and how many of them finished. */
function postsTo(page: Page, path: string): { sent: number; finished: number } {
  const seen = { sent: 0, finished: 0 };
  const mine = (r: { method(): string; url(): string }) => r.method() === 'POST' && new URL(r.url()).pathname === path;
  page.on('request', (r) => void (mine(r) && seen.sent++));
  page.on('requestfinished', (r) => void (mine(r) && seen.finished++));
  page.on('requestfailed', (r) => void (mine(r) && seen.finished++));
  return seen;
}

describe.skipIf(!run)('the web UI on a tenant of realistic size', { timeout: 120_000 }, () => {
  let browser: Browser;
  let live: LiveServer;
  let owner: TenantFixture;
  let big: BigTenant;

  const { api } = serverApi(
    () => live,
    () => owner.owner.token,
  );
  const stage = (name: string) => big.stages.find((s) => s.name === name)!;
  const getDeal = async (id: string) => (await api<Deal>('GET', `/api/deals/${id}`)).body;
  const total = async (path: string) => {
    const res = await api<{ total: number }>('GET', `${path}${path.includes('?') ? '&' : '?'}limit=1`);
    expect(res.status, path).toBe(200);
    return res.body.total;
  };

  browserAndServer((b, l) => ((browser = b), (live = l)));
  beforeAll(async () => {
    owner = await createTenant(live.t, 'bigco');
    big = await seedBigTenant(live.t, owner, { contacts: 5_000, companies: 1_000, deals: 3_000, leads: 500, activities: 2_000 });
    console.log(`seedBigTenant: ${big.seconds.toFixed(2)} s for ${JSON.stringify(big.counts)}`);
  }, 120_000);

  const newPage = async (viewport = DESKTOP) => {
    const made = await airGappedPage(browser, live, viewport);
    await signIn(made.page, live.url, owner.owner.email);
    return made;
  };

  /** The open board's figures, computed twice past the board: the deal list paged to its end, and SQL over the database; both must agree. */
  async function expectedBoard(): Promise<Map<string, Figures>> {
    const listed = await allPages<Deal>(api, `/api/deals?pipelineId=${big.pipelineId}&status=open`, 100);
    const fromApi = figuresOf(
      big.stages,
      listed.map((d) => ({ stageId: d.stageId, currency: d.currency, cents: Math.round((d.value ?? 0) * 100) })),
    );
    const grouped = await live.t.raw.all<{ stage_id: string; currency: string; n: number | string; cents: number | string | null }>(
      `SELECT stage_id, currency, count(*) AS n, sum(coalesce(value_cents, 0)) AS cents FROM deals
        WHERE tenant_id = ? AND pipeline_id = ? AND status = 'open' AND deleted_at IS NULL GROUP BY stage_id, currency`,
      big.tenantId,
      big.pipelineId,
    );
    const fromSql = new Map<string, Figures>(big.stages.map((s) => [s.id, { count: 0, totals: [] }]));
    for (const g of grouped) {
      const f = fromSql.get(g.stage_id)!;
      f.count += Number(g.n);
      f.totals.push({ currency: g.currency, cents: Number(g.cents ?? 0) });
    }
    for (const f of fromSql.values()) f.totals.sort((a, b) => byText(a.currency, b.currency));
    expect(fromApi).toEqual(fromSql);
    return fromApi;
  }

  /** Every column header of the board on `page` shows the figures of `expected` (polled: the board may still be counting). */
  async function expectBoardHeaders(page: Page, expected: Map<string, Figures>): Promise<void> {
    for (const s of big.stages) {
      const want = expected.get(s.id)!;
      await expect
        .poll(
          async () => parseColumnLine((await page.locator(`section.column[data-stage-id="${s.id}"] .column-line`).textContent()) ?? ''),
          {
            message: s.name,
            timeout: 15_000,
          },
        )
        .toEqual(want.count === 0 ? { count: 0, totals: [] } : want);
    }
  }

  /** The id of the first card drawn in a column that is one of the seed's deals (not one a test made). */
  async function firstSeededCard(page: Page, stageId: string): Promise<string> {
    const seeded = new Set(big.deals.map((d) => d.id));
    const cards = page.locator(`section.column[data-stage-id="${stageId}"] [data-deal-id]`);
    await cards.first().waitFor();
    const ids = await cards.evaluateAll((els) => els.map((el) => el.getAttribute('data-deal-id') ?? ''));
    const id = ids.find((x) => seeded.has(x));
    expect(id, `a seeded card among ${ids.length} drawn`).toBeTruthy();
    return id!;
  }

  it('is seeded at the size the issue asks for', async () => {
    expect(await total('/api/contacts')).toBeGreaterThanOrEqual(5_000);
    expect(await total('/api/companies')).toBeGreaterThanOrEqual(1_000);
    expect(await total(`/api/deals?pipelineId=${big.pipelineId}`)).toBeGreaterThanOrEqual(3_000);
    expect(big.featured.company.rank).toBe(900);
    expect(big.featured.contact.rank).toBe(4_000);
    // The ranks are the API's own orders.
    const contactPage = await api<{ data: { id: string }[] }>('GET', '/api/contacts?sort=lastName&limit=200');
    expect(contactPage.body.data.map((c) => c.id)).toEqual(big.contacts.slice(0, 200).map((c) => c.id));
  });

  it('editing only the value of a deal whose contact is the 4,000th by name keeps the contact; the PATCH holds the value alone', async () => {
    const contact = big.featured.contact;
    const before = await getDeal(big.featured.deal.id);
    expect(before.contactId).toBe(contact.id);
    const { context, page } = await newPage();
    const sent: string[] = [];
    page.on(
      'request',
      (r) => void (r.method() === 'PATCH' && r.url().includes(`/api/deals/${before.id}`) && sent.push(r.postData() ?? '')),
    );
    await page.goto(`${live.url}/deals/${before.id}/edit`);
    await page.getByRole('heading', { name: `Edit ${before.title}`, level: 1, exact: true }).waitFor();
    const form = page.locator('form.record-form');
    // The picker shows the contact by name, fetched by its id (not found in a first page of contacts).
    await expect.poll(() => form.getByLabel('Contact').textContent()).toContain(contact.name);
    const value = (before.value ?? 0) + 123;
    await form.getByLabel('Value', { exact: true }).fill(String(value));
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: before.title, level: 1, exact: true }).waitFor();
    expect(sent.map((b) => JSON.parse(b) as unknown)).toEqual([{ value }]);
    const after = await getDeal(before.id);
    expect(after).toMatchObject({
      value,
      contactId: contact.id,
      companyId: before.companyId,
      stageId: before.stageId,
      status: before.status,
      currency: before.currency,
      probability: before.probability,
    });
    await context.close();
  });

  it('editing only the job title, then only the phone, of a contact whose company is the 900th by name keeps the company', async () => {
    const company = big.featured.company;
    const seeded = big.contacts.find((c) => c.companyId === company.id)!;
    expect(seeded, 'a contact at the featured company').toBeTruthy();
    const before = (await api<Contact>('GET', `/api/contacts/${seeded.id}`)).body;
    expect(before.companyId).toBe(company.id);
    const { context, page } = await newPage();
    const sent: string[] = [];
    page.on(
      'request',
      (r) => void (r.method() === 'PATCH' && r.url().includes(`/api/contacts/${seeded.id}`) && sent.push(r.postData() ?? '')),
    );
    const form = page.locator('form.record-form');
    const edit = async (label: string, value: string) => {
      await page.goto(`${live.url}/contacts/${seeded.id}/edit`);
      await page.getByRole('heading', { name: `Edit ${seeded.name}`, level: 1, exact: true }).waitFor();
      await expect.poll(() => form.getByLabel('Company').textContent()).toContain(company.name);
      await form.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByRole('heading', { name: seeded.name, level: 1, exact: true }).waitFor();
    };

    await edit('Job title', 'Head of Load Testing');
    expect(sent.map((b) => JSON.parse(b) as unknown)).toEqual([{ title: 'Head of Load Testing' }]);
    expect((await api<Contact>('GET', `/api/contacts/${seeded.id}`)).body).toMatchObject({
      title: 'Head of Load Testing',
      phone: before.phone,
      companyId: company.id,
      firstName: before.firstName,
      lastName: before.lastName,
    });

    await edit('Phone', '+34 600 900 400');
    expect(sent.map((b) => JSON.parse(b) as unknown)).toEqual([{ title: 'Head of Load Testing' }, { phone: '+34 600 900 400' }]);
    expect((await api<Contact>('GET', `/api/contacts/${seeded.id}`)).body).toMatchObject({
      title: 'Head of Load Testing',
      phone: '+34 600 900 400',
      companyId: company.id,
    });
    await context.close();
  });

  it('a double click on each create button (contact, company, deal, lead, activity, task) makes exactly one record', async () => {
    const tag = `Dbl${Date.now().toString(36)}`;
    const { context, page } = await newPage();

    // The record forms: fill the required fields, double-click Create, count over the API.
    const forms = [
      {
        type: 'contacts',
        button: 'Create contact',
        fill: { 'First name (required)': 'Dora', 'Last name (required)': tag },
        name: `Dora ${tag}`,
      },
      { type: 'companies', button: 'Create company', fill: { 'Name (required)': `${tag} Holdings` }, name: `${tag} Holdings` },
      { type: 'deals', button: 'Create deal', fill: { 'Title (required)': `${tag} deal` }, name: `${tag} deal` },
      { type: 'leads', button: 'Create lead', fill: { 'Title (required)': `${tag} lead` }, name: `${tag} lead` },
    ] as const;
    for (const f of forms) {
      const before = await total(`/api/${f.type}`);
      const posts = postsTo(page, `/api/${f.type}`);
      await page.goto(`${live.url}/${f.type}/new`);
      await settled(page);
      for (const [label, value] of Object.entries(f.fill)) await page.getByLabel(label, { exact: true }).fill(value);
      await page.getByRole('button', { name: f.button }).dblclick();
      await page.getByRole('heading', { name: f.name, level: 1, exact: true }).waitFor();
      // Every request sent has been answered: none can still add a record.
      await expect.poll(() => posts.finished).toBe(posts.sent);
      expect(await total(`/api/${f.type}`), f.type).toBe(before + 1);
      const found = await allPages<{ id: string }>(api, `/api/${f.type}?q=${encodeURIComponent(tag)}`);
      expect(found, f.type).toHaveLength(1);
      expect(new URL(page.url()).pathname).toBe(`/${f.type}/${found[0]!.id}`);
    }

    // Log activity, on the featured contact's page (it has a dozen already).
    const contact = big.featured.contact;
    const activities = `/api/activities?contactId=${contact.id}`;
    const activitiesBefore = (await allPages<{ id: string }>(api, activities)).length;
    expect(activitiesBefore).toBeGreaterThanOrEqual(12);
    const activityPosts = postsTo(page, '/api/activities');
    await page.goto(`${live.url}/contacts/${contact.id}`);
    await page.getByRole('heading', { name: contact.name, level: 1, exact: true }).waitFor();
    await settled(page);
    await page.getByLabel('Subject').fill(`${tag} call`);
    await page.getByRole('button', { name: 'Log activity' }).dblclick();
    await page.getByRole('list', { name: 'Timeline' }).getByText(`${tag} call`).waitFor();
    await expect.poll(() => activityPosts.finished).toBe(activityPosts.sent);
    const activitiesAfter = await allPages<{ id: string; subject: string }>(api, activities);
    expect(activitiesAfter).toHaveLength(activitiesBefore + 1);
    expect(activitiesAfter.filter((a) => a.subject === `${tag} call`)).toHaveLength(1);

    // New task, from the Tasks screen's dialog.
    const tasksBefore = await total('/api/tasks');
    const taskPosts = postsTo(page, '/api/tasks');
    await page.goto(`${live.url}/tasks`);
    await settled(page);
    await page.getByRole('button', { name: 'New task' }).click();
    const dialog = page.getByRole('dialog', { name: 'New task' });
    await dialog.getByLabel('Title', { exact: true }).fill(`${tag} task`);
    await dialog.getByRole('button', { name: 'Add task' }).dblclick();
    await page.getByText(`Added “${tag} task”.`).waitFor();
    await expect.poll(() => taskPosts.finished).toBe(taskPosts.sent);
    expect(await total('/api/tasks')).toBe(tasksBefore + 1);
    const tasks = await allPages<{ title: string }>(api, '/api/tasks');
    expect(tasks.filter((t) => t.title === `${tag} task`)).toHaveLength(1);
    await context.close();
  });

  it('the board’s column counts and per-currency totals are the server’s, computed past the board; screenshots', async () => {
    const expected = await expectedBoard();
    // The seed's open deals are all there, spread over every open stage.
    expect([...expected.values()].reduce((n, f) => n + f.count, 0)).toBeGreaterThanOrEqual(big.counts.openDeals);
    for (const s of big.stages.filter((x) => x.kind === 'open')) expect(expected.get(s.id)!.count, s.name).toBeGreaterThan(100);
    // The server's own board endpoint says the same.
    const board = (
      await api<{ stages: { stageId: string; count: number; totals: { currency: string; amount: number }[] }[] }>(
        'GET',
        `/api/deals/board?pipelineId=${big.pipelineId}`,
      )
    ).body;
    for (const s of board.stages)
      expect({ count: s.count, totals: s.totals.map((t) => ({ currency: t.currency, cents: Math.round(t.amount * 100) })) }).toEqual(
        expected.get(s.stageId),
      );

    const { context, page } = await newPage();
    await page.goto(`${live.url}/deals?pipelineId=${big.pipelineId}`);
    await settled(page);
    await expectBoardHeaders(page, expected);
    await screenshotsAtBothWidths(page, 'big-board');

    await page.goto(`${live.url}/contacts`);
    await settled(page);
    await page.getByText(`${(await total('/api/contacts')).toLocaleString('en')} records`, { exact: true }).waitFor();
    await screenshotsAtBothWidths(page, 'big-contacts');

    await page.goto(`${live.url}/contacts/${big.featured.contact.id}`);
    await page.getByRole('heading', { name: big.featured.contact.name, level: 1, exact: true }).waitFor();
    await settled(page);
    await screenshotsAtBothWidths(page, 'big-contact');
    await context.close();
  });

  it('a mouse drag and a keyboard move (Move… confirmed) each change the stage with exactly one PATCH; the headers follow', async () => {
    const { context, page } = await newPage();
    await page.goto(`${live.url}/deals?pipelineId=${big.pipelineId}`);
    await settled(page);
    const patches = dealPatchesOf(page);
    const column = (name: string) => page.locator(`section.column[data-stage-id="${stage(name).id}"]`);
    const firstCardId = (name: string) => firstSeededCard(page, stage(name).id);
    const card = (id: string) => page.locator(`[data-deal-id="${id}"]`);

    // Mouse: New → Qualified.
    const dragged = await getDeal(await firstCardId('New'));
    expect(dragged.stageId).toBe(stage('New').id);
    await mouseDrag(page, card(dragged.id), column('Qualified'));
    await page.getByText(`Moved “${dragged.title}” to Qualified.`).first().waitFor();
    await expect.poll(async () => (await getDeal(dragged.id)).stageId).toBe(stage('Qualified').id);
    expect(patches).toHaveLength(1);
    expect(JSON.parse(patches[0]!)).toMatchObject({ stageId: stage('Qualified').id });

    // Keyboard: the card's Move… button, the arrows choose (nothing sent), the Move button confirms.
    const moved = await getDeal(await firstCardId('Proposal'));
    expect(moved.stageId).toBe(stage('Proposal').id);
    await card(moved.id)
      .getByRole('button', { name: /^Move…/ })
      .focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Move “${moved.title}”` });
    await dialog.waitFor();
    await dialog.getByRole('radio', { name: /^Proposal/ }).focus();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => dialog.getByRole('radio', { name: /^Negotiation/ }).isChecked()).toBe(true);
    expect(patches).toHaveLength(1);
    await dialog.getByRole('button', { name: 'Move', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Moved “${moved.title}” to Negotiation.`).first().waitFor();
    await expect.poll(async () => (await getDeal(moved.id)).stageId).toBe(stage('Negotiation').id);
    expect(patches).toHaveLength(2);
    expect(JSON.parse(patches[1]!)).toMatchObject({ stageId: stage('Negotiation').id });
    // Each deal moved once: nothing else of theirs changed.
    expect(await getDeal(dragged.id)).toMatchObject({ status: 'open', value: dragged.value, contactId: dragged.contactId });
    expect(await getDeal(moved.id)).toMatchObject({ status: 'open', value: moved.value, contactId: moved.contactId });

    // The headers are the server's figures after the moves.
    await expectBoardHeaders(page, await expectedBoard());
    expect(patches).toHaveLength(2);
    await context.close();
  });

  it('on a phone (touch) a press-and-hold drag moves a card from Negotiation to Won with one PATCH', async () => {
    const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
    await context.route('**/*', (route) => (route.request().url().startsWith(live.url) ? route.continue() : route.abort()));
    const page = await context.newPage();
    await signIn(page, live.url, owner.owner.email);
    await page.goto(`${live.url}/deals?pipelineId=${big.pipelineId}`);
    await settled(page);
    const patches = dealPatchesOf(page);
    const column = (name: string) => page.locator(`section.column[data-stage-id="${stage(name).id}"]`);
    await column('Negotiation').scrollIntoViewIfNeeded();
    const deal = await getDeal(await firstSeededCard(page, stage('Negotiation').id));
    expect(deal.stageId).toBe(stage('Negotiation').id);
    const card = page.locator(`[data-deal-id="${deal.id}"]`);
    // The card near the top of the screen, the Won column under it.
    await card.evaluate((el) => el.ownerDocument.defaultView!.scrollBy(0, el.getBoundingClientRect().top - 90));
    const cdp = await context.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', x?: number, y?: number) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: x === undefined ? [] : [{ x, y: y! }] });
    const b = (await card.boundingBox())!;
    const from = { x: b.x + 20, y: b.y + b.height / 2 };
    await touch('touchStart', from.x, from.y);
    // Press and hold (the touch sensor's delay), then move.
    await page.waitForTimeout(400);
    const target = (await column('Won').boundingBox())!;
    const to = { x: target.x + target.width / 2, y: target.y + 40 };
    expect(to.y, 'the Won column is on screen').toBeLessThan(PHONE.height);
    for (let i = 1; i <= 12; i++) await touch('touchMove', from.x + ((to.x - from.x) * i) / 12, from.y + ((to.y - from.y) * i) / 12);
    await touch('touchEnd');
    await page.getByText(`Moved “${deal.title}” to Won.`).first().waitFor();
    await expect.poll(async () => (await getDeal(deal.id)).status).toBe('won');
    expect(await getDeal(deal.id)).toMatchObject({ stageId: stage('Won').id, status: 'won', value: deal.value });
    expect(patches).toHaveLength(1);
    await page.screenshot({ path: screenshotPath('big-board-touch-390'), fullPage: false });
    await context.close();
  });

  it('Ctrl+K finds a contact, a company, a lead and a deal of the big tenant by a prefix of their name; Enter opens each', async () => {
    const once = <T extends { id: string }>(list: T[], name: (x: T) => string) => {
      const seen = new Map<string, number>();
      for (const x of list) seen.set(name(x), (seen.get(name(x)) ?? 0) + 1);
      return list.find((x) => seen.get(name(x)) === 1)!;
    };
    const contact = big.featured.contact;
    const company = big.featured.company;
    const lead = once(big.leads, (l) => l.title);
    const deal = once(big.deals, (d) => d.title);
    const prefix = (name: string) => name.slice(0, Math.max(3, name.length - 3)).trim();
    const { context, page } = await newPage();
    const palette = page.getByRole('dialog', { name: 'Search and commands' });
    for (const [name, group, path] of [
      [contact.name, 'Contacts', `/contacts/${contact.id}`],
      [company.name, 'Companies', `/companies/${company.id}`],
      [lead.title, 'Leads', `/leads/${lead.id}`],
      [deal.title, 'Deals', `/deals/${deal.id}`],
    ] as const) {
      await page.keyboard.press('Control+k');
      await palette.waitFor();
      await palette.getByRole('combobox').fill(prefix(name));
      // A lead's hit is labelled with its contact's name after the title (the search index's label): the title begins it.
      const option = palette.getByRole('group', { name: group }).getByRole('option', { name: new RegExp(`^${escapeRegExp(name)}( |$)`) });
      await option.waitFor();
      // The arrows reach it when another record matches the prefix better.
      for (let i = 0; i < 40 && (await option.getAttribute('aria-selected')) !== 'true'; i++) await page.keyboard.press('ArrowDown');
      expect(await option.getAttribute('aria-selected'), name).toBe('true');
      await page.keyboard.press('Enter');
      await palette.waitFor({ state: 'detached' });
      await page.waitForURL((u) => u.pathname === path);
      await page.getByRole('heading', { name, level: 1, exact: true }).waitFor();
    }
    await context.close();
  });

  it('export after a search on the contacts list holds exactly the searched rows, past the first page', async () => {
    // The last name most contacts share: more rows than one page of the list.
    const counts = new Map<string, number>();
    for (const c of big.contacts) counts.set(c.lastName, (counts.get(c.lastName) ?? 0) + 1);
    const q = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
    const expected = await allPages<Contact>(api, `/api/contacts?q=${encodeURIComponent(q)}`, 100);
    expect(expected.length).toBeGreaterThan(25);

    const { context, page } = await newPage();
    await page.goto(`${live.url}/contacts`);
    await settled(page);
    await page.getByLabel('Search contacts').fill(q);
    await page.getByRole('search').getByRole('button', { name: 'Search' }).click();
    await page.waitForURL((u) => u.searchParams.get('q') === q);
    await page.getByText(`${expected.length.toLocaleString('en')} records`, { exact: true }).waitFor();
    await settled(page);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const [header, ...rows] = parseCsvRows(
      Buffer.concat(chunks)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    );
    const col = (name: string) => {
      const i = header!.indexOf(name);
      expect(i, `${name} in ${header!.join(',')}`).toBeGreaterThanOrEqual(0);
      return i;
    };
    const [idCol, firstCol, lastCol] = [col('id'), col('firstName'), col('lastName')];
    expect(rows.map((r) => r[idCol]).sort()).toEqual(expected.map((c) => c.id).sort());
    expect(rows.map((r) => `${r[firstCol]} ${r[lastCol]}`).sort()).toEqual(expected.map((c) => `${c.firstName} ${c.lastName}`).sort());
    await context.close();
  });

  /** Whether a record is in the trash: its id asked of the trash list (ids filter), not a page of it. */
  const inTrash = async (type: string, id: string) => (await total(`/api/${type}?trash=true&ids=${id}`)) === 1;
  const ownerName = async () => (await api<{ user: { name: string } }>('GET', '/api/auth/me')).body.user.name;

  it('delete from a record page goes to the trash with Undo; deleted again, it comes back from the Trash screen', async () => {
    const contact = big.contact(2_500);
    const who = await ownerName();
    const { context, page } = await newPage();
    await page.goto(`${live.url}/contacts/${contact.id}`);
    await page.getByRole('heading', { name: contact.name, level: 1, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const toast = page.locator('.toast', { hasText: `Deleted “${contact.name}”. It is in the trash.` });
    await toast.waitFor();
    await page.getByRole('heading', { name: 'Contacts', level: 1, exact: true }).waitFor();
    expect((await api('GET', `/api/contacts/${contact.id}`)).status).toBe(404);
    expect(await inTrash('contacts', contact.id)).toBe(true);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByRole('heading', { name: contact.name, level: 1, exact: true }).waitFor();
    expect((await api('GET', `/api/contacts/${contact.id}`)).status).toBe(200);
    expect(await inTrash('contacts', contact.id)).toBe(false);
    await page.getByRole('list', { name: 'Timeline' }).getByText(`${who} restored this contact from the trash`).waitFor();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('heading', { name: 'Contacts', level: 1, exact: true }).waitFor();
    await expect.poll(() => inTrash('contacts', contact.id)).toBe(true);
    await page.goto(`${live.url}/trash?type=contacts`);
    await page.getByRole('button', { name: `Restore ${contact.name}` }).click();
    await page.getByText(`Restored ${contact.name}.`).waitFor();
    expect((await api('GET', `/api/contacts/${contact.id}`)).status).toBe(200);
    expect(await inTrash('contacts', contact.id)).toBe(false);
    await context.close();
  });

  it('the timeline of a seeded deal names the person and the stage changed from what to what', async () => {
    const deal = big.deals.find((d) => d.status === 'open' && d.stageId === stage('Qualified').id)!;
    const who = await ownerName();
    const { context, page } = await newPage();
    await page.goto(`${live.url}/deals/${deal.id}`);
    await page.getByRole('heading', { name: deal.title, level: 1, exact: true }).waitFor();
    await settled(page);
    await page.getByLabel('Move to stage').selectOption({ label: 'Proposal' });
    await page.getByText(`Moved “${deal.title}” to Proposal.`).waitFor();
    expect((await getDeal(deal.id)).stageId).toBe(stage('Proposal').id);
    const change = page.getByRole('list', { name: 'Timeline' }).locator('li.entry.change', { hasText: 'changed Stage' });
    await change.waitFor();
    // The values are <q> elements: the quotes are the browser's, not the text's.
    expect(await change.textContent()).toContain(`${who} changed Stage from Qualified to Proposal`);
    expect(await change.locator('q').allTextContents()).toEqual(expect.arrayContaining(['Qualified', 'Proposal']));
    await context.close();
  });

  it('merging two seeded contacts keeps every activity, deal and task of both on the survivor', async () => {
    // Two contacts with deals of their own (the seed links activities to contacts too).
    const [keep, other] = big.contacts.filter((c) => big.dealsOf(c.id).length > 0).slice(1_000, 1_002) as [
      (typeof big.contacts)[number],
      (typeof big.contacts)[number],
    ];
    const { create } = serverApi(
      () => live,
      () => owner.owner.token,
    );
    await create('/api/tasks', { title: 'Task of the survivor', contactId: keep.id });
    await create('/api/tasks', { title: 'Task of the merged', contactId: other.id });
    const before = async (id: string) => ({
      activities: await total(`/api/activities?contactId=${id}`),
      deals: (await allPages<{ id: string }>(api, `/api/deals?contactId=${id}`)).map((d) => d.id),
      tasks: await total(`/api/tasks?contactId=${id}`),
    });
    const [a, b] = [await before(keep.id), await before(other.id)];
    expect(b.deals.length).toBeGreaterThan(0);

    const { context, page } = await newPage();
    await page.goto(`${live.url}/contacts/${keep.id}`);
    await page.getByRole('heading', { name: keep.name, level: 1, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Merge with…' }).click();
    const dialog = page.getByRole('dialog', { name: `Merge “${keep.name}” with another contact` });
    await pick(page, dialog.getByLabel('The other contact'), other.email, other.name);
    await dialog.getByRole('button', { name: 'Merge', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`Merged “${other.name}” into “${keep.name}”.`, { exact: false }).waitFor();

    expect((await api('GET', `/api/contacts/${other.id}`)).status).toBe(404);
    const after = await before(keep.id);
    expect(after.activities).toBe(a.activities + b.activities);
    expect(after.deals.sort()).toEqual([...a.deals, ...b.deals].sort());
    expect(after.tasks).toBe(a.tasks + b.tasks);
    for (const path of ['activities', 'deals', 'tasks']) expect(await total(`/api/${path}?contactId=${other.id}`), path).toBe(0);
    await context.close();
  });
});
