import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

/** A record list's `ids`: only the records named, through the same conditions as every other filter. */
let t: TestApp;
let acme: TenantFixture;
let owner: Api;
type Rec = { id: string; name: string };
const companies: Rec[] = [];
let theirIds: string[];
let trashedId: string;

const listIds = (page: Page<Rec>) => page.data.map((r) => r.id);
const idsOf = (...recs: Rec[]) => recs.map((r) => r.id).join(',');

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  owner = api(t, acme.owner.token);
  for (let i = 0; i < 6; i++) {
    t.clock.advance(1000);
    companies.push(await owner.post<Rec>('/api/companies', { name: `${i % 2 === 0 ? 'Zephyr' : 'Plain'} Works ${i}` }));
  }
  const trashed = await owner.post<Rec>('/api/companies', { name: 'Zephyr Trashed' });
  await owner.del(`/api/companies/${trashed.id}`);
  trashedId = trashed.id;
  const theirs = api(t, (await createTenant(t, 'other')).owner.token);
  theirIds = [(await theirs.post<Rec>('/api/companies', { name: 'Zephyr Theirs' })).id];
});

describe('GET /api/{type}?ids=', () => {
  it('returns exactly the records asked for, in the list order, and total counts them', async () => {
    const [c0, , c2, , c4] = companies;
    // Asked in another order than the list's: the list's sort (name) decides.
    const byName = await owner.get<Page<Rec>>(`/api/companies?ids=${idsOf(c4!, c0!, c2!)}&sort=name`);
    expect(byName.data.map((r) => r.name)).toEqual(['Zephyr Works 0', 'Zephyr Works 2', 'Zephyr Works 4']);
    expect(byName.total).toBe(3);
    // The default sort (-createdAt): newest first.
    const byDefault = await owner.get<Page<Rec>>(`/api/companies?ids=${idsOf(c0!, c2!, c4!)}`);
    expect(listIds(byDefault)).toEqual([c4!.id, c2!.id, c0!.id]);
  });

  it('pages through the records named like any list', async () => {
    const named = companies.slice(1);
    const first = await owner.get<Page<Rec>>(`/api/companies?ids=${idsOf(...named)}&limit=3&sort=name`);
    expect(first.total).toBe(5);
    expect(first.data).toHaveLength(3);
    const rest = await owner.get<Page<Rec>>(
      `/api/companies?ids=${idsOf(...named)}&limit=3&sort=name&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    expect([...listIds(first), ...listIds(rest)].sort()).toEqual(named.map((c) => c.id).sort());
    expect(rest.nextCursor).toBeNull();
  });

  it("another tenant's ids match nothing, next to ours or alone", async () => {
    const mixed = await owner.get<Page<Rec>>(`/api/companies?ids=${companies[0]!.id},${theirIds[0]}`);
    expect(listIds(mixed)).toEqual([companies[0]!.id]);
    expect(mixed.total).toBe(1);
    const alone = await owner.get<Page<Rec>>(`/api/companies?ids=${theirIds[0]}`);
    expect(alone).toMatchObject({ data: [], total: 0 });
  });

  it('leaves out a record in the trash unless trash=true', async () => {
    const live = await owner.get<Page<Rec>>(`/api/companies?ids=${companies[1]!.id},${trashedId}`);
    expect(listIds(live)).toEqual([companies[1]!.id]);
    const trash = await owner.get<Page<Rec>>(`/api/companies?ids=${companies[1]!.id},${trashedId}&trash=true`);
    expect(listIds(trash)).toEqual([trashedId]);
    expect(trash.total).toBe(1);
  });

  it('goes with q and the other filters: both must hold', async () => {
    const page = await owner.get<Page<Rec>>(`/api/companies?ids=${idsOf(...companies.slice(0, 4))}&q=zephyr&sort=name`);
    expect(page.data.map((r) => r.name)).toEqual(['Zephyr Works 0', 'Zephyr Works 2']);
    expect(page.total).toBe(2);
  });

  it('works the same on every record type', async () => {
    const contact = await owner.post<Rec>('/api/contacts', { firstName: 'Ana', lastName: 'Ids' });
    await owner.post('/api/contacts', { firstName: 'Ben', lastName: 'Other' });
    const deal = await owner.post<Rec>('/api/deals', { title: 'Ids deal', value: 10 });
    await owner.post('/api/deals', { title: 'Other deal', value: 10 });
    expect(listIds(await owner.get<Page<Rec>>(`/api/contacts?ids=${contact.id}`))).toEqual([contact.id]);
    expect(listIds(await owner.get<Page<Rec>>(`/api/deals?ids=${deal.id}`))).toEqual([deal.id]);
    // An id of another kind is a valid id that names no record of this one.
    expect(await owner.get<Page<Rec>>(`/api/leads?ids=${deal.id}`)).toMatchObject({ data: [], total: 0 });
  });

  it('the export takes ids too, and exports just those records', async () => {
    const res = await t.app.request(
      `/api/export/companies?format=json&ids=${idsOf(companies[0]!, companies[3]!)}`,
      bearer(acme.owner.token),
    );
    expect(res.status, await res.clone().text()).toBe(200);
    const exported = (await res.json()) as Rec[];
    expect(exported.map((r) => r.id).sort()).toEqual([companies[0]!.id, companies[3]!.id].sort());
  });

  it('a bulk change by filter takes ids in its filter, as written in the URL', async () => {
    const doomed = [
      await owner.post<Rec>('/api/companies', { name: 'Bulk A' }),
      await owner.post<Rec>('/api/companies', { name: 'Bulk B' }),
    ];
    const result = await owner.post<{ matched: number; changed: string[] }>(
      '/api/companies/bulk',
      { action: 'delete', filter: { ids: idsOf(...doomed) } },
      200,
    );
    expect(result.matched).toBe(2);
    expect(result.changed.sort()).toEqual(doomed.map((d) => d.id).sort());
    // The others are still there.
    expect((await owner.get<Page<Rec>>(`/api/companies?ids=${idsOf(...companies)}`)).total).toBe(6);
  });
});

describe('GET /api/{type}?ids= refuses', () => {
  const refused = async (query: string) => {
    const body = await owner.get<{ error: { code: string; message: string; details: { fields: { path: string; message: string }[] } } }>(
      `/api/companies?${query}`,
      400,
    );
    expect(body.error.code).toBe('VALIDATION_FAILED');
    return body.error.details.fields.map((f) => f.message).join(' ');
  };
  const manyIds = (n: number) => Array.from({ length: n }, (_, i) => `com_01JD${String(i).padStart(22, '0')}`).join(',');

  it('more than 100 ids, but takes 100', async () => {
    expect(await refused(`ids=${manyIds(101)}`)).toMatch(/At most 100 ids/);
    const hundred = await owner.get<Page<Rec>>(`/api/companies?ids=${manyIds(99)},${companies[0]!.id}`);
    expect(listIds(hundred)).toEqual([companies[0]!.id]);
  });

  it('a malformed id, an empty item, an empty list', async () => {
    expect(await refused(`ids=${companies[0]!.id},not-an-id`)).toMatch(/Not a valid id/);
    expect(await refused(`ids=${companies[0]!.id},,${companies[1]!.id}`)).toMatch(/empty id/);
    expect(await refused(`ids=${companies[0]!.id},`)).toMatch(/empty id/);
    expect(await refused('ids=')).toMatch(/at least one id/);
  });
});

describe('the OpenAPI document', () => {
  type Param = { name: string; in: string; description?: string; schema?: { type?: string } };
  it('describes ids on every record list and on its export', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: Param[] } }> };
    for (const type of ['contacts', 'companies', 'leads', 'deals', 'products']) {
      for (const path of [`/api/${type}`, `/api/export/${type}`]) {
        const ids = doc.paths[path]?.get?.parameters?.find((p) => p.name === 'ids');
        expect(ids, path).toMatchObject({ in: 'query', schema: { type: 'string' } });
        expect(ids!.description, path).toMatch(/1 to 100 ids, comma-separated/);
      }
    }
  });
});
