import { beforeAll, describe, expect, it } from 'vitest';
import { seedSampleData, type SampleDataSummary } from '../../cli/demo/sample-data';
import { ACTIVITY_TYPES, LEAD_SOURCES, LEAD_STAGES } from '../../server/db/schema-crm';
import { runSetup } from '../../server/license/setup';
import { api, type Api, type Page } from '../crm/crm-helpers';
import { login } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const DAY = 86_400_000;
const OWNER = { email: 'owner@demo.example', password: 'Sturdy-Demo-Pass-73' };

type Row = Record<string, unknown> & { id: string };
type Pipeline = { id: string; name: string; isDefault: boolean; stages: { id: string; name: string; kind: string }[] };

interface Seeded {
  t: TestApp;
  summary: SampleDataSummary;
  ms: number;
  owner: Api;
}

/** A fresh data directory, set up as the demo does, then seeded; the owner signed in. */
async function seededApp(options: { seed?: number } = {}): Promise<Seeded> {
  const t = await createTestApp();
  t.clock.set(NOW);
  const setup = await runSetup(t.deps, t.license!, {
    licenseKey: t.license!.keyText()!,
    company: 'Demo Company',
    tenantSlug: 'demo',
    adminName: 'Demo Owner',
    adminEmail: OWNER.email,
    adminPassword: OWNER.password,
  });
  const started = performance.now();
  const summary = await seedSampleData(t.deps, setup.tenant.id, setup.owner.id, { now: NOW, ...options });
  const ms = performance.now() - started;
  return { t, summary, ms, owner: api(t, await login(t, OWNER.email, OWNER.password)) };
}

/** Every row of a list, page by page, as a client would read it. */
async function all<T = Row>(client: Api, path: string): Promise<T[]> {
  const rows: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await client.get<Page<T>>(`${path}${sep}limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const total = async (client: Api, path: string) => (await client.get<Page<Row>>(path)).total;
const distinct = <T>(values: T[]) => new Set(values);

describe('the demo sample data (seedSampleData)', () => {
  let seeded: Seeded;
  beforeAll(async () => {
    seeded = await seededApp();
    console.log(`sample data seeded in ${seeded.ms.toFixed(0)} ms (people included):`, seeded.summary.counts);
  });

  it('reports what it created', () => {
    expect(seeded.summary.counts).toMatchObject({
      users: 3,
      companies: 50,
      contacts: 300,
      leads: 80,
      pipelines: 1,
      deals: 60,
      tasks: expect.any(Number),
      products: 8,
    });
    expect(seeded.summary.counts.activities).toBeGreaterThan(200);
  });

  it('has a price list: seven products on sale and one retired, found by search', async () => {
    const onSale = await seeded.owner.get<Page<Row & { active: boolean; sku: string }>>('/api/products?active=true&limit=50');
    expect(onSale.total).toBe(7);
    const retired = await seeded.owner.get<Page<Row & { sku: string }>>('/api/products?active=false');
    expect(retired.data.map((p) => p.sku)).toEqual(['LEGACY-START']);
    const hits = await seeded.owner.get<{ data: { kind: string }[] }>('/api/search?q=onboarding&types=product');
    expect(hits.data).toHaveLength(1);
  });

  it('companies and contacts look real: industries, places, .example websites, most contacts at a company', async () => {
    const { owner } = seeded;
    const companies = await all(owner, '/api/companies');
    expect(companies).toHaveLength(50);
    expect(distinct(companies.map((c) => c.name)).size).toBe(50);
    expect(companies.every((c) => typeof c.website === 'string' && /^https:\/\/www\.[a-z0-9-]+\.example$/.test(c.website))).toBe(true);
    expect(distinct(companies.map((c) => c.industry)).size).toBeGreaterThanOrEqual(8);
    expect(distinct(companies.map((c) => String(c.address).split(', ').pop())).size).toBeGreaterThanOrEqual(5);

    const contacts = await all(owner, '/api/contacts');
    expect(contacts).toHaveLength(300);
    const atCompany = contacts.filter((c) => c.companyId !== null).length;
    expect(atCompany).toBeGreaterThan(200);
    expect(atCompany).toBeLessThan(300);
    expect(distinct(contacts.map((c) => c.email)).size).toBe(300);
    expect(distinct(contacts.map((c) => c.title)).size).toBeGreaterThanOrEqual(10);
    expect(contacts.every((c) => typeof c.phone === 'string' && c.phone.startsWith('+'))).toBe(true);

    // Indexed for search as an API write would be.
    const first = companies[0]!;
    const hits = await owner.get<{ data: { id: string }[] }>(`/api/search?q=${encodeURIComponent(String(first.name))}&types=company`);
    expect(hits.data.map((h) => h.id)).toContain(first.id);
  });

  it('leads cover every stage and source, are numbered LED-0001 on, spread over three owners; lost ones say why, won ones are converted', async () => {
    const { owner } = seeded;
    const leads = await all(owner, '/api/leads?sort=number');
    expect(leads).toHaveLength(80);
    expect(distinct(leads.map((l) => l.stage))).toEqual(new Set(LEAD_STAGES));
    expect(distinct(leads.map((l) => l.source))).toEqual(new Set(LEAD_SOURCES));
    expect(leads.map((l) => l.number)).toEqual(Array.from({ length: 80 }, (_, i) => `LED-${String(i + 1).padStart(4, '0')}`));
    expect(distinct(leads.map((l) => l.ownerId)).size).toBe(3);
    for (const stage of LEAD_STAGES) expect(await total(owner, `/api/leads?stage=${stage}&limit=1`), stage).toBeGreaterThan(0);
    const lost = leads.filter((l) => l.stage === 'lost');
    expect(lost.every((l) => typeof l.lostReason === 'string' && l.lostReason.length > 0)).toBe(true);
    expect(leads.filter((l) => l.stage === 'won').every((l) => l.convertedAt !== null && l.convertedContactId !== null)).toBe(true);
  });

  it('two pipelines with won and lost stages; 60 deals over both, in four currencies, open, won and lost (with reasons)', async () => {
    const { owner } = seeded;
    const pipelines = (await owner.get<Page<Pipeline>>('/api/pipelines')).data;
    expect(pipelines.map((p) => p.name).sort()).toEqual(['Renewals', 'Sales']);
    for (const p of pipelines) expect(distinct(p.stages.map((s) => s.kind))).toEqual(new Set(['open', 'won', 'lost']));

    const deals = await all(owner, '/api/deals');
    expect(deals).toHaveLength(60);
    expect(distinct(deals.map((d) => d.pipelineId)).size).toBe(2);
    const currencies = distinct(deals.map((d) => d.currency));
    for (const c of ['USD', 'EUR', 'GBP', 'AED']) expect(currencies).toContain(c);
    expect(distinct(deals.map((d) => d.value)).size).toBeGreaterThan(30);

    const byStatus = (status: string) => deals.filter((d) => d.status === status);
    expect(byStatus('won').length).toBeGreaterThan(0);
    expect(byStatus('lost').length).toBeGreaterThan(0);
    expect(byStatus('lost').every((d) => typeof d.lostReason === 'string' && d.lostReason.length > 0)).toBe(true);
    expect(
      [...byStatus('won'), ...byStatus('lost')].every((d) => d.closedAt !== null && Date.parse(String(d.closedAt)) < NOW.getTime()),
    ).toBe(true);
    const open = byStatus('open');
    expect(open.length).toBeGreaterThan(20);
    const openStageIds = new Set(pipelines.flatMap((p) => p.stages.filter((s) => s.kind === 'open').map((s) => s.id)));
    expect(open.every((d) => openStageIds.has(String(d.stageId)))).toBe(true);
    expect(distinct(open.map((d) => d.stageId)).size).toBeGreaterThanOrEqual(4);

    const today = NOW.toISOString().slice(0, 10);
    const closes = deals.map((d) => String(d.expectedCloseDate));
    expect(closes.some((d) => d < today)).toBe(true);
    expect(closes.some((d) => d > today)).toBe(true);
  });

  it('activities of every type over the last 90 days, linked to contacts, companies, leads and deals, fill the timelines', async () => {
    const { owner } = seeded;
    for (const type of ACTIVITY_TYPES) expect(await total(owner, `/api/activities?type=${type}&limit=1`), type).toBeGreaterThan(0);
    const activities = await all(owner, '/api/activities');
    expect(activities).toHaveLength(seeded.summary.counts.activities);
    const times = activities.map((a) => Date.parse(String(a.occurredAt)));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 90 * DAY);
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(60 * DAY);
    for (const link of ['contactId', 'companyId', 'leadId', 'dealId'])
      expect(
        activities.some((a) => a[link] !== null),
        link,
      ).toBe(true);
    expect(distinct(activities.map((a) => a.authorId)).size).toBe(3);

    const deal = (await owner.get<Page<Row>>('/api/deals?status=won&limit=1')).data[0]!;
    const timeline = await owner.get<{ data: { kind: string }[] }>(`/api/deals/${deal.id}/timeline?limit=100`);
    const kinds = distinct(timeline.data.map((e) => e.kind));
    expect(kinds).toContain('activity');
    expect(kinds).toContain('change');
  });

  it('tasks are overdue, due today, due later and done, assigned across people and linked to records', async () => {
    const { owner } = seeded;
    expect(await total(owner, '/api/tasks?view=overdue&limit=1')).toBeGreaterThan(0);
    expect(await total(owner, '/api/tasks?view=today&limit=1')).toBeGreaterThan(0);
    expect(await total(owner, '/api/tasks?done=true&limit=1')).toBeGreaterThan(0);
    const tasks = await all(owner, '/api/tasks');
    expect(tasks).toHaveLength(seeded.summary.counts.tasks);
    const endOfToday = Date.parse(`${NOW.toISOString().slice(0, 10)}T00:00:00Z`) + DAY; // the demo tenant's zone is UTC
    expect(tasks.some((t) => !t.done && Date.parse(String(t.dueAt)) >= endOfToday)).toBe(true);
    expect(distinct(tasks.map((t) => t.assigneeId)).size).toBe(3);
    expect(tasks.every((t) => ['contactId', 'companyId', 'leadId', 'dealId'].some((k) => t[k] !== null))).toBe(true);
  });

  it('four people, owner, admin, member and viewer, and the new ones sign in with the passwords it returned', async () => {
    const { t, owner, summary } = seeded;
    const people = await all<{ email: string; role: string }>(owner, '/api/users');
    expect(people.map((p) => p.role).sort()).toEqual(['admin', 'member', 'owner', 'viewer']);
    expect(summary.people.map((p) => p.role)).toEqual(['admin', 'member', 'viewer']);
    for (const person of summary.people) {
      expect(person.email).toMatch(/^[a-z-]+\.[a-z-]+@demo\.example$/);
      expect(person.password).not.toBe(OWNER.password);
      const me = await api(t, await login(t, person.email, person.password)).get<{ role: string; user: { name: string } }>('/api/auth/me');
      expect(me).toMatchObject({ role: person.role, user: { name: person.name } });
    }
  });
});

describe('seedSampleData is deterministic', () => {
  const fingerprint = async (client: Api) => {
    const pipelines = (await client.get<Page<Pipeline>>('/api/pipelines')).data;
    const stageName = new Map(pipelines.flatMap((p) => p.stages.map((s) => [s.id, `${p.name}/${s.name}`] as const)));
    const companies = (await all(client, '/api/companies?sort=name')).map((c) => c.name);
    const deals = (await all(client, '/api/deals?sort=title'))
      .map((d) => `${d.title} | ${d.value} ${d.currency} | ${stageName.get(String(d.stageId))} | ${d.expectedCloseDate}`)
      .sort();
    const leads = (await all(client, '/api/leads?sort=number')).map((l) => `${l.number} ${l.title} ${l.stage} ${l.source}`);
    return { companies, deals, leads };
  };

  it('the same seed and now give the same records in two fresh data directories; another seed gives others', async () => {
    // One after another, so each timing is its own.
    const a = await seededApp();
    const b = await seededApp();
    const other = await seededApp({ seed: 7 });
    const [fa, fb, fo] = await Promise.all([fingerprint(a.owner), fingerprint(b.owner), fingerprint(other.owner)]);
    expect(fa.companies).toHaveLength(50);
    expect(fb).toEqual(fa);
    expect(fo.companies).not.toEqual(fa.companies);
    expect(b.summary.people.map(({ name, email, role }) => ({ name, email, role }))).toEqual(
      a.summary.people.map(({ name, email, role }) => ({ name, email, role })),
    );
    // The passwords are random on purpose: the same seed must not hand out the same logins.
    expect(b.summary.people.map((p) => p.password)).not.toEqual(a.summary.people.map((p) => p.password));
    console.log(`seeding times: ${[a, b, other].map((s) => `${s.ms.toFixed(0)} ms`).join(', ')}`);
  });
});
