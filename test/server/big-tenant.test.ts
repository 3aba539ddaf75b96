import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBigTenant, setOpenDeals, type BigTenant } from '../helpers/big-tenant';
import { bearer, createTenant, json, type TenantFixture } from '../helpers/fixtures';
import { skipWithoutPostgres } from '../helpers/postgres';
import { createTestApp, type TestApp, type TestEngine } from '../helpers/test-app';

/*
 * test/helpers/big-tenant.ts, the seeder the browser suite and bench/web-ui.bench.ts build a
 * realistic tenant with: what it wrote straight into the database is what the API answers (list
 * totals, the name orders it promises, search by prefix, the lead sequence, the deals' links),
 * on both engines (this file runs both itself: it is not in the PostgreSQL stage's list).
 */

const SHAPE = { contacts: 5000, companies: 1000, deals: 3000, leads: 500, openDeals: 1200, activities: 400 };
const noPostgres = skipWithoutPostgres('test/server/big-tenant.test.ts (its PostgreSQL half)');

interface Page<T> {
  data: T[];
  nextCursor: string | null;
  total: number;
}

for (const engine of ['sqlite', 'postgres'] as TestEngine[]) {
  describe.skipIf(engine === 'postgres' && noPostgres)(`seedBigTenant on ${engine}`, () => {
    let t: TestApp;
    let tenant: TenantFixture;
    let other: TenantFixture;
    let big: BigTenant;

    const get = async <T = Record<string, unknown>>(path: string, as = tenant.owner.token): Promise<T> => {
      const res = await t.app.request(path, bearer(as));
      expect(res.status, `${path}: ${res.status}`).toBe(200);
      return (await res.json()) as T;
    };
    const total = async (path: string, as?: string) => (await get<Page<unknown>>(path, as)).total;
    /** The id at a 1-based place of a sorted list, read page by page as a client would. */
    const idAt = async (path: string, rank: number) => {
      let cursor: string | null = null;
      let seen = 0;
      for (;;) {
        const page: Page<{ id: string }> = await get(`${path}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
        if (seen + page.data.length >= rank) return page.data[rank - seen - 1]!.id;
        seen += page.data.length;
        cursor = page.nextCursor;
        if (!cursor) throw new Error(`${path} has only ${seen} rows`);
      }
    };

    beforeAll(async () => {
      t = await createTestApp({ engine });
      tenant = await createTenant(t, 'big');
      other = await createTenant(t, 'small');
      big = await seedBigTenant(t, tenant, SHAPE);
      console.log(`seedBigTenant on ${engine}: ${big.seconds.toFixed(2)} s for ${JSON.stringify(big.counts)}`);
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it("answers the seeded counts in the API's list totals, and the other tenant sees none of it", async () => {
      expect(big.counts).toEqual({ ...SHAPE });
      expect(await total('/api/contacts?limit=1')).toBe(SHAPE.contacts);
      expect(await total('/api/companies?limit=1')).toBe(SHAPE.companies);
      expect(await total('/api/leads?limit=1')).toBe(SHAPE.leads);
      expect(await total('/api/deals?limit=1')).toBe(SHAPE.deals);
      expect(await total('/api/deals?limit=1&status=open')).toBe(SHAPE.openDeals);
      expect((await total('/api/deals?limit=1&status=won')) + (await total('/api/deals?limit=1&status=lost'))).toBe(
        SHAPE.deals - SHAPE.openDeals,
      );
      expect(await total(`/api/deals?limit=1&pipelineId=${big.pipelineId}`)).toBe(SHAPE.deals);
      const now = t.deps.clock.now().getTime();
      for (const table of ['companies', 'contacts', 'deals', 'leads', 'activities']) {
        const row = await t.raw.get<{ latest: number }>(
          `SELECT max(updated_at) AS latest FROM ${table} WHERE tenant_id = ?`,
          tenant.tenantId,
        );
        expect(Number(row!.latest), `${table}: nothing changed in the future`).toBeLessThanOrEqual(now);
      }
      for (const type of ['contacts', 'companies', 'deals', 'leads'])
        expect(await total(`/api/${type}?limit=1`, other.owner.token)).toBe(0);
    });

    it('spreads the deals over every stage of the default pipeline, several currencies and the tenant’s people', async () => {
      expect(big.people.length).toBe(4);
      const stagesUsed = new Set(big.deals.map((d) => d.stageId));
      expect(stagesUsed).toEqual(new Set(big.stages.map((s) => s.id)));
      expect(new Set(big.deals.map((d) => d.currency)).size).toBeGreaterThanOrEqual(4);
      expect(new Set(big.deals.map((d) => d.ownerId))).toEqual(new Set(big.people.map((p) => p.id)));
      const byStage = await t.raw.all<{ stage_id: string; n: number }>(
        'SELECT stage_id, count(*) AS n FROM deals WHERE tenant_id = ? GROUP BY stage_id',
        tenant.tenantId,
      );
      expect(Object.fromEntries(byStage.map((r) => [r.stage_id, Number(r.n)]))).toEqual(
        Object.fromEntries(big.stages.map((s) => [s.id, big.deals.filter((d) => d.stageId === s.id).length])),
      );
    });

    it('ranks companies and contacts as the API sorts them: the 900th company by name, the 4,000th contact by last name', async () => {
      expect(big.featured.company.rank).toBe(900);
      expect(big.featured.contact.rank).toBe(4000);
      expect(await idAt('/api/companies?sort=name', 900)).toBe(big.company(900).id);
      expect(await idAt('/api/contacts?sort=lastName', 4000)).toBe(big.contact(4000).id);
      // Full names are distinct while the name combinations last.
      expect(new Set(big.contacts.map((c) => c.name)).size).toBe(SHAPE.contacts);
      expect(new Set(big.companies.map((c) => c.name)).size).toBe(SHAPE.companies);
    });

    it('links a deal to the featured contact and that contact’s company', async () => {
      const { contact, deal } = big.featured;
      expect(deal.contactId).toBe(contact.id);
      expect(big.dealsOf(contact.id)).toContain(deal);
      const answered = await get<{ contactId: string; companyId: string; pipelineId: string }>(`/api/deals/${deal.id}`);
      expect(answered).toMatchObject({ contactId: contact.id, companyId: contact.companyId, pipelineId: big.pipelineId });
      const company = await get<{ name: string }>(`/api/companies/${contact.companyId}`);
      expect(company.name).toBe(big.companies.find((c) => c.id === contact.companyId)!.name);
    });

    it('leaves search working: a seeded contact found by the prefixes of its names, a company by its name, a lead by its number', async () => {
      const { contact, company } = big.featured;
      const q = `${contact.firstName.slice(0, 3)} ${contact.lastName.slice(0, 4)}`;
      const found = await get<{ data: { kind: string; id: string }[] }>(`/api/search?q=${encodeURIComponent(q)}&types=contact&limit=100`);
      expect(found.data.map((h) => h.id)).toContain(contact.id);
      const listed = await get<Page<{ id: string }>>(`/api/contacts?q=${encodeURIComponent(q)}&limit=200`);
      expect(listed.data.map((c) => c.id)).toContain(contact.id);
      const byCompany = await get<{ data: { id: string }[] }>(`/api/search?q=${encodeURIComponent(company.name)}&types=company`);
      expect(byCompany.data[0]?.id).toBe(company.id);
      const lead = big.leads[10]!;
      const byNumber = await get<{ data: { id: string }[] }>(`/api/search?q=LED-${String(lead.number).padStart(4, '0')}&types=lead`);
      expect(byNumber.data.map((h) => h.id)).toContain(lead.id);
    });

    it('raises the lead sequence: the next lead created through the API is numbered after the seeded ones', async () => {
      const res = await t.app.request('/api/leads', json('POST', { title: 'After the seed' }, tenant.owner.token));
      expect(res.status).toBe(201);
      expect(((await res.json()) as { number: string }).number).toBe(`LED-${String(big.leads.at(-1)!.number + 1).padStart(4, '0')}`);
    });

    it('setOpenDeals moves the deals between open and closed, and the API follows', async () => {
      await setOpenDeals(t, big, SHAPE.deals);
      expect(await total('/api/deals?limit=1&status=open')).toBe(SHAPE.deals);
      expect(big.deals.every((d) => d.status === 'open')).toBe(true);
      await setOpenDeals(t, big, 500);
      expect(await total('/api/deals?limit=1&status=open')).toBe(500);
      expect(big.deals.filter((d) => d.status === 'open').length).toBe(500);
      const moved = big.deals.find((d) => d.status !== 'open')!;
      expect(await get<{ stageId: string; status: string }>(`/api/deals/${moved.id}`)).toMatchObject({
        stageId: moved.stageId,
        status: moved.status,
      });
      // A moved deal is still found by its title.
      const words = moved.title.split(' ').slice(0, 2).join(' ');
      const found = await get<{ data: { id: string }[] }>(`/api/search?q=${encodeURIComponent(words)}&types=deal&limit=100`);
      expect(found.data.length).toBeGreaterThan(0);
    });
  });
}
