import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from '../crm/crm-helpers';

/** A record type's export takes its list's query and exports exactly the rows that list shows, across all its pages. */
let t: TestApp;
let acme: TenantFixture;
let other: TenantFixture;
let owner: Api;
let memberId: string;

type Rec = { id: string; [k: string]: unknown };

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  other = await createTenant(t, 'other');
  owner = api(t, acme.owner.token);
  memberId = (await addMember(t, acme, 'member')).id;
  for (let i = 0; i < 7; i++) await owner.post('/api/companies', { name: `Zephyr Widgets ${i}` });
  for (let i = 0; i < 4; i++) await owner.post('/api/companies', { name: `Plain Gizmos ${i}` });
  // The other tenant has records the same words find.
  const theirs = api(t, other.owner.token);
  for (let i = 0; i < 3; i++) await theirs.post('/api/companies', { name: `Zephyr Widgets theirs ${i}` });
  // Deals of two owners and two values each, so owner filter + value sort has an order to keep.
  const values = [500, 100, 900, 300, 700, 200, 800];
  for (const [i, value] of values.entries())
    await owner.post('/api/deals', { title: `Deal ${i}`, value, ownerId: i % 2 === 0 ? memberId : acme.owner.id });
  await theirs.post('/api/deals', { title: 'Their deal', value: 1 });
});

/** Every page of a list, with a small limit so there are several. */
async function allPages(path: string, limit = 2): Promise<{ ids: string[]; total: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total: number;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<Rec> = await owner.get<Page<Rec>>(
      `${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    ids.push(...page.data.map((r) => r.id));
    total = page.total;
    cursor = page.nextCursor;
  } while (cursor);
  return { ids, total };
}

async function exportJson(path: string): Promise<Rec[]> {
  const res = await t.app.request(path, bearer(acme.owner.token));
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Rec[];
}

const otherIds = async (table: string) =>
  (await t.raw.all<{ id: string }>(`SELECT id FROM ${table} WHERE tenant_id = ?`, other.tenantId)).map((r) => r.id);

describe('export follows the list', () => {
  it('q: the export holds exactly the rows the list says (its total, its ids), none of another tenant', async () => {
    const list = await allPages('/api/companies?q=zephyr');
    expect(list.total).toBe(7);
    const exported = await exportJson('/api/export/companies?format=json&q=zephyr');
    expect(exported.length).toBe(list.total);
    expect(exported.map((r) => r.id).sort()).toEqual([...list.ids].sort());
    const theirs = await otherIds('companies');
    expect(theirs.length).toBe(3);
    expect(exported.some((r) => theirs.includes(r.id))).toBe(false);
    // CSV: the same rows.
    const csv = await (await t.app.request('/api/export/companies?format=csv&q=zephyr', bearer(acme.owner.token))).text();
    const csvIds = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]);
    expect(csvIds.sort()).toEqual([...list.ids].sort());
  });

  it("a filter and a sort: the list's rows in the list's order, JSON and CSV alike", async () => {
    for (const query of [`ownerId=${memberId}&sort=-value`, `ownerId=${acme.owner.id}&sort=value`, 'sort=title&status=open']) {
      const list = await allPages(`/api/deals?${query}`);
      expect(list.ids.length).toBe(list.total);
      const exported = await exportJson(`/api/export/deals?format=json&${query}`);
      expect(
        exported.map((r) => r.id),
        query,
      ).toEqual(list.ids);
      const csv = await (await t.app.request(`/api/export/deals?format=csv&${query}`, bearer(acme.owner.token))).text();
      expect(
        csv
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => line.split(',')[0]),
      ).toEqual(list.ids);
    }
    const byMember = await exportJson(`/api/export/deals?format=json&ownerId=${memberId}&sort=-value`);
    expect(byMember.map((d) => d.value)).toEqual([900, 800, 700, 500]);
    expect(byMember.every((d) => d.ownerId === memberId)).toBe(true);
    const theirs = await otherIds('deals');
    expect((await exportJson('/api/export/deals?format=json')).some((r) => theirs.includes(r.id))).toBe(false);
  });

  it('the trash: trash=true exports what the trash list shows; deleted=true adds it to the live records', async () => {
    const gone = await owner.post<Rec>('/api/companies', { name: 'Zephyr Widgets gone' });
    await owner.del(`/api/companies/${gone.id}`);
    const trash = await allPages('/api/companies?trash=true');
    expect(trash.ids).toEqual([gone.id]);
    expect((await exportJson('/api/export/companies?format=json&trash=true')).map((r) => r.id)).toEqual(trash.ids);
    // The search index holds live records only: q finds nothing in the trash, in the list and the export alike.
    expect((await allPages('/api/companies?trash=true&q=zephyr')).ids).toEqual([]);
    expect(await exportJson('/api/export/companies?format=json&trash=true&q=zephyr')).toEqual([]);
    const live = await allPages('/api/companies');
    const both = await exportJson('/api/export/companies?format=json&deleted=true');
    expect(both.map((r) => r.id).sort()).toEqual([...live.ids, gone.id].sort());
    expect((await exportJson('/api/export/companies?format=json')).map((r) => r.id)).not.toContain(gone.id);
  });

  it('without a query: every live record in id order, as before', async () => {
    const exported = await exportJson('/api/export/companies?format=json');
    const ids = exported.map((r) => r.id);
    expect(ids).toEqual([...ids].sort());
    expect(ids.length).toBe((await owner.get<Page<Rec>>('/api/companies?limit=1')).total);
  });

  it('parameters the list refuses the export refuses the same way; those it ignores it ignores', async () => {
    for (const query of ['sort=nope', 'ownerId=not-an-id', 'createdFrom=yesterday', 'status=maybe', 'q=' + 'x'.repeat(201)]) {
      const list = await t.app.request(`/api/deals?${query}`, bearer(acme.owner.token));
      const exported = await t.app.request(`/api/export/deals?${query}`, bearer(acme.owner.token));
      expect(list.status, query).toBe(400);
      expect(exported.status, query).toBe(400);
      const fields = async (res: Response) =>
        ((await res.json()) as { error: { code: string; details: { fields: { path: string }[] } } }).error.details.fields.map(
          (f) => f.path,
        );
      expect(await fields(exported), query).toEqual(await fields(list));
    }
    // A parameter the list does not know it leaves aside (its query schema drops it), and so does the export.
    const unknown = await t.app.request('/api/deals?surprise=1', bearer(acme.owner.token));
    const exportedUnknown = await t.app.request('/api/export/deals?surprise=1&format=json', bearer(acme.owner.token));
    expect(unknown.status).toBe(200);
    expect(exportedUnknown.status).toBe(200);
    expect(((await exportedUnknown.json()) as Rec[]).length).toBe(((await unknown.json()) as Page<Rec>).total);
  });

  it('documents the list parameters on each record export', async () => {
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    const names = doc.paths['/api/export/deals']!.get.parameters.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['format', 'deleted', 'q', 'ownerId', 'status', 'stageId', 'closeFrom', 'sort', 'trash']));
    expect(names).not.toContain('limit');
    expect(names).not.toContain('cursor');
    expect(doc.paths['/api/export/pipelines']!.get.parameters.map((p) => p.name).sort()).toEqual(['deleted', 'format']);
  });
});
