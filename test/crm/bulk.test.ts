import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, json, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

/** POST /api/{type}/bulk: one action on many records, by ids or by the list's filter. */
let t: TestApp;
let acme: TenantFixture;
let other: TenantFixture;
let owner: Api;
let member: { id: string; token: string };

type Rec = { id: string; [k: string]: unknown };
type Result = { matched: number; changed: string[]; failed: { id: string; name: string | null; code: string; message: string }[] };
type ErrorBody = { error: { code: string; message: string } };

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  other = await createTenant(t, 'other');
  owner = api(t, acme.owner.token);
  member = await addMember(t, acme, 'member');
});

async function bulk(type: string, body: unknown, token = acme.owner.token, key?: string): Promise<Response> {
  const init = json('POST', body, token);
  if (key) init.headers = { ...(init.headers as Record<string, string>), 'idempotency-key': key };
  return t.app.request(`/api/${type}/bulk`, init);
}

const deletedAt = async (table: string, id: string) =>
  (await t.raw.get<{ deleted_at: unknown }>(`SELECT deleted_at FROM ${table} WHERE id = ?`, id))!.deleted_at;
const ownerOf = async (table: string, id: string) =>
  (await t.raw.get<{ owner_id: string | null }>(`SELECT owner_id FROM ${table} WHERE id = ?`, id))!.owner_id;
const auditActions = async (entity: string, id: string) =>
  (await t.raw.all<{ action: string }>('SELECT action FROM audit_log WHERE entity = ? AND entity_id = ? ORDER BY id', entity, id)).map(
    (a) => a.action,
  );

async function companies(prefix: string, n: number, ownerId?: string): Promise<Rec[]> {
  const out: Rec[] = [];
  for (let i = 0; i < n; i++)
    out.push(await owner.post<Rec>('/api/companies', { name: `${prefix} ${i}`, ...(ownerId ? { ownerId } : {}) }));
  return out;
}

describe('bulk changes', () => {
  it('by filter: deletes exactly the records the list shows, each to the trash with its audit entry', async () => {
    const mine = await companies('Quasar Holdings', 4, member.id);
    const kept = [...(await companies('Quasar Other', 2)), ...(await companies('Unrelated Ltd', 2, member.id))];
    const filter = { q: 'quasar', ownerId: member.id };
    const list = await owner.get<Page<Rec>>(`/api/companies?q=quasar&ownerId=${member.id}`);
    expect(list.total).toBe(4);

    const res = await bulk('companies', { action: 'delete', filter, expectedTotal: list.total });
    expect(res.status).toBe(200);
    const result = (await res.json()) as Result;
    expect(result.matched).toBe(4);
    expect(result.changed.sort()).toEqual(mine.map((c) => c.id).sort());
    expect(result.failed).toEqual([]);
    for (const c of mine) {
      expect(await deletedAt('companies', c.id)).not.toBeNull();
      expect(await auditActions('companies', c.id)).toEqual(['create', 'delete']);
    }
    for (const c of kept) expect(await deletedAt('companies', c.id)).toBeNull();
    expect((await owner.get<Page<Rec>>(`/api/companies?q=quasar&ownerId=${member.id}`)).total).toBe(0);
    // Out of search too.
    expect((await owner.get<Page<Rec>>('/api/companies?q=quasar')).data.map((c) => c.id).sort()).toEqual(
      kept
        .filter((c) => String(c.name).startsWith('Quasar'))
        .map((c) => c.id)
        .sort(),
    );
  });

  it('refuses with 409 when expectedTotal is stale, and changes nothing', async () => {
    const recs = await companies('Nebula Stale', 3);
    const res = await bulk('companies', { action: 'delete', filter: { q: 'nebula' }, expectedTotal: 2 });
    expect(res.status).toBe(409);
    const body = (await res.json()) as ErrorBody;
    expect(body.error.code).toBe('CONFLICT');
    expect(body.error.message).toContain('3');
    for (const c of recs) expect(await deletedAt('companies', c.id)).toBeNull();
  });

  it("by ids with another tenant's id: that one is in failed (NOT_FOUND, no name), the rest change, the other tenant's does not", async () => {
    const recs = await companies('Pulsar Mixed', 2);
    const theirs = await api(t, other.owner.token).post<Rec>('/api/companies', { name: 'Pulsar Theirs' });
    const ids = [recs[0]!.id, theirs.id, recs[1]!.id];
    const res = await bulk('companies', { action: 'delete', ids });
    expect(res.status).toBe(200);
    const result = (await res.json()) as Result;
    expect(result.matched).toBe(3);
    expect(result.changed).toEqual([recs[0]!.id, recs[1]!.id]);
    expect(result.failed).toEqual([{ id: theirs.id, name: null, code: 'NOT_FOUND', message: 'Company not found.' }]);
    expect(JSON.stringify(result)).not.toContain('Pulsar Theirs');
    expect(await deletedAt('companies', theirs.id)).toBeNull();
    expect(await auditActions('companies', theirs.id)).toEqual(['create']);
    // Assigning and restoring it are refused the same way.
    for (const body of [
      { action: 'assign', ownerId: member.id, ids: [theirs.id] },
      { action: 'restore', ids: [theirs.id] },
    ]) {
      const again = (await (await bulk('companies', body)).json()) as Result;
      expect(again.changed).toEqual([]);
      expect(again.failed.map((f) => f.id)).toEqual([theirs.id]);
    }
    expect(await ownerOf('companies', theirs.id)).toBe(other.owner.id);
    // A filter never reaches the other tenant's records either.
    const byFilter = (await (await bulk('companies', { action: 'delete', filter: { q: 'pulsar' } })).json()) as Result;
    expect(byFilter.matched).toBe(0);
    expect(await deletedAt('companies', theirs.id)).toBeNull();
  });

  it('a failed record is named: already in the trash', async () => {
    const [rec] = await companies('Quark Named', 1);
    await owner.del(`/api/companies/${rec!.id}`);
    const result = (await (await bulk('companies', { action: 'delete', ids: [rec!.id] })).json()) as Result;
    expect(result.failed).toEqual([{ id: rec!.id, name: 'Quark Named 0', code: 'NOT_FOUND', message: 'Company not found.' }]);
  });

  it('viewers are refused (403) and nothing changes', async () => {
    const viewer = await addMember(t, acme, 'viewer');
    const [rec] = await companies('Viewer Target', 1);
    const res = await bulk('companies', { action: 'delete', ids: [rec!.id] }, viewer.token);
    expect(res.status).toBe(403);
    expect(await deletedAt('companies', rec!.id)).toBeNull();
  });

  it('assign sets the owners (by ids and by filter), audited as updates', async () => {
    const contacts: Rec[] = [];
    for (let i = 0; i < 3; i++) contacts.push(await owner.post<Rec>('/api/contacts', { firstName: 'Orion', lastName: `Assign${i}` }));
    const res = await bulk('contacts', { action: 'assign', ownerId: member.id, ids: contacts.map((c) => c.id) }, member.token);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Result).changed.length).toBe(3);
    for (const c of contacts) {
      expect(await ownerOf('contacts', c.id)).toBe(member.id);
      expect(await auditActions('contacts', c.id)).toEqual(['create', 'update']);
    }
    // Already theirs: nothing to change, nothing failed.
    const again = (await (await bulk('contacts', { action: 'assign', ownerId: member.id, ids: [contacts[0]!.id] })).json()) as Result;
    expect(again).toEqual({ matched: 1, changed: [], failed: [] });

    const deals: Rec[] = [];
    for (let i = 0; i < 3; i++) deals.push(await owner.post<Rec>('/api/deals', { title: `Assignable ${i}`, value: 10 + i }));
    const byFilter = (await (
      await bulk('deals', { action: 'assign', ownerId: member.id, filter: { q: 'assignable', status: 'open' }, expectedTotal: 3 })
    ).json()) as Result;
    expect(byFilter.changed.sort()).toEqual(deals.map((d) => d.id).sort());
    expect((await owner.get<Page<Rec>>(`/api/deals?q=assignable&ownerId=${member.id}`)).total).toBe(3);

    // An owner who is not one of the organisation's people: 404, as on the single-record route.
    const stranger = await bulk('deals', { action: 'assign', ownerId: other.owner.id, ids: [deals[0]!.id] });
    expect(stranger.status).toBe(404);
    expect(await ownerOf('deals', deals[0]!.id)).toBe(member.id);
  });

  it('restore undoes a delete, by ids and by filter (the filter looks in the trash)', async () => {
    const leads: Rec[] = [];
    for (let i = 0; i < 3; i++) leads.push(await owner.post<Rec>('/api/leads', { title: `Comet ${i}`, source: 'website' }));
    const ids = leads.map((l) => l.id);
    expect(((await (await bulk('leads', { action: 'delete', ids })).json()) as Result).changed).toEqual(ids);
    for (const id of ids) expect(await deletedAt('leads', id)).not.toBeNull();

    const one = (await (await bulk('leads', { action: 'restore', ids: [ids[0]] })).json()) as Result;
    expect(one.changed).toEqual([ids[0]]);
    expect(await deletedAt('leads', ids[0]!)).toBeNull();

    const rest = (await (await bulk('leads', { action: 'restore', filter: { source: 'website' } })).json()) as Result;
    expect(rest.changed.sort()).toEqual(ids.slice(1).sort());
    for (const id of ids) {
      expect(await deletedAt('leads', id)).toBeNull();
      expect(await auditActions('leads', id)).toEqual(expect.arrayContaining(['delete', 'restore']));
    }
    expect((await owner.get<Page<Rec>>('/api/leads?q=comet')).total).toBe(3);
  });

  it('an Idempotency-Key repeat answers the first answer and changes nothing more', async () => {
    const [rec] = await companies('Idem Bulk', 1);
    const key = `bulk-${Date.now()}`;
    const first = await bulk('companies', { action: 'delete', ids: [rec!.id] }, acme.owner.token, key);
    const firstText = await first.text();
    await owner.post(`/api/companies/${rec!.id}/restore`, {}, 200);
    const again = await bulk('companies', { action: 'delete', ids: [rec!.id] }, acme.owner.token, key);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(firstText);
    expect(await deletedAt('companies', rec!.id)).toBeNull();
  });

  it('refuses bodies that are not one clear request', async () => {
    const [rec] = await companies('Bad Body', 1);
    const cases: unknown[] = [
      { action: 'delete' },
      { action: 'delete', ids: [rec!.id], filter: {} },
      { action: 'assign', ids: [rec!.id] },
      { action: 'delete', ownerId: member.id, ids: [rec!.id] },
      { action: 'delete', ids: [rec!.id], expectedTotal: 1 },
      { action: 'delete', ids: Array.from({ length: 501 }, () => rec!.id) },
      { action: 'delete', filter: { limit: 5 } },
      { action: 'delete', filter: { trash: 'true' } },
      { action: 'delete', filter: { nope: 'x' } },
      { action: 'delete', filter: { ownerId: 'not-an-id' } },
      { action: 'delete', ids: ['dea_01JD0000000000000000000000'] },
      { action: 'purge', ids: [rec!.id] },
    ];
    for (const body of cases) {
      const res = await bulk('companies', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    // Products have no owner to assign.
    const product = await owner.post<Rec>('/api/products', { name: 'Bulk widget', unitPrice: 5 });
    expect((await bulk('products', { action: 'assign', ownerId: member.id, ids: [product.id] })).status).toBe(400);
    const gone = (await (await bulk('products', { action: 'delete', filter: { sku: undefined, q: 'bulk widget' } })).json()) as Result;
    expect(gone.changed).toEqual([product.id]);
    expect(await deletedAt('companies', rec!.id)).toBeNull();
  });

  it('bulk is not taken for an id, and is documented', async () => {
    expect((await t.app.request('/api/companies/bulk', { headers: { authorization: `Bearer ${acme.owner.token}` } })).status).toBe(400);
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const type of ['companies', 'contacts', 'leads', 'deals', 'products'])
      expect(doc.paths[`/api/${type}/bulk`]?.post, type).toBeDefined();
    expect(doc.paths['/api/tasks/bulk']).toBeUndefined();
  });
});
