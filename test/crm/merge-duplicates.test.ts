import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

/** Possible duplicates (GET /duplicates) and merging two contacts or two companies (POST /{id}/merge). */
let t: TestApp;
let acme: TenantFixture;
let other: TenantFixture;
let owner: Api;
let viewer: Api;
let member: Api;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  other = await createTenant(t, 'other');
  owner = api(t, acme.owner.token);
  viewer = api(t, (await addMember(t, acme, 'viewer')).token);
  member = api(t, (await addMember(t, acme, 'member')).token);
});

type Rec = { id: string; [k: string]: unknown };
type Duplicate = { id: string; name: string; email?: string | null; domain?: string | null; matchedOn: string };
type Hit = { kind: string; id: string; name: string };
type ErrorBody = {
  error: { code: string; message: string; requestId: string; details?: { fields?: { path: string; message: string }[] } };
};

/** A word no other test's data holds, letters only (the search index splits on anything else). */
const word = () =>
  `zq${randomBytes(5)
    .toString('hex')
    .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`;

const contactIdsOf = async (table: string, column: string, id: string) =>
  (await t.raw.all<{ id: string }>(`SELECT id FROM ${table} WHERE tenant_id = ? AND ${column} = ? ORDER BY id`, acme.tenantId, id)).map(
    (r) => r.id,
  );

describe('possible duplicates', () => {
  it('contacts: the same email or full name, ignoring case; live records of the tenant only, each once, email first', async () => {
    const tag = word();
    const email = `ana.${tag}@example.com`;
    const byEmail = await owner.post<Rec>('/api/contacts', { firstName: 'Ana', lastName: `Lima ${tag}`, email });
    const byName = await owner.post<Rec>('/api/contacts', { firstName: 'ANA', lastName: `LIMA ${tag.toUpperCase()}` });
    const trashed = await owner.post<Rec>('/api/contacts', { firstName: 'Ana', lastName: `Lima ${tag}`, email: `old.${email}` });
    await owner.del(`/api/contacts/${trashed.id}`);
    // Another tenant's twins are never listed.
    await api(t, other.owner.token).post('/api/contacts', { firstName: 'Ana', lastName: `Lima ${tag}`, email });

    const found = await viewer.get<{ data: Duplicate[] }>(
      `/api/contacts/duplicates?email=${encodeURIComponent(email.toUpperCase())}&name=${encodeURIComponent(`  ana  lima ${tag} `)}`,
    );
    expect(found.data).toEqual([
      { id: byEmail.id, name: `Ana Lima ${tag}`, email, matchedOn: 'email' },
      { id: byName.id, name: `ANA LIMA ${tag.toUpperCase()}`, email: null, matchedOn: 'name' },
    ]);
    expect((await owner.get<{ data: Duplicate[] }>(`/api/contacts/duplicates?email=${email}`)).data.map((d) => d.id)).toEqual([byEmail.id]);
    // The record being edited (or just created) can be left out.
    const without = await owner.get<{ data: Duplicate[] }>(`/api/contacts/duplicates?name=Ana%20Lima%20${tag}&excludeId=${byName.id}`);
    expect(without.data.map((d) => d.id)).toEqual([byEmail.id]);
    expect((await owner.get<{ data: Duplicate[] }>(`/api/contacts/duplicates?email=nobody.${tag}@example.com`)).data).toEqual([]);
    // The other tenant sees its own contact only.
    const theirs = await api(t, other.owner.token).get<{ data: Duplicate[] }>(`/api/contacts/duplicates?email=${email}`);
    expect(theirs.data).toHaveLength(1);
    expect([byEmail.id, byName.id]).not.toContain(theirs.data[0]!.id);
  });

  it('companies: the same domain or name, ignoring case; at most 10', async () => {
    const tag = word();
    const domain = `${tag}.example.com`;
    const withDomain = await owner.post<Rec>('/api/companies', { name: `Globex ${tag}`, domain });
    const sameName = await owner.post<Rec>('/api/companies', { name: `GLOBEX ${tag.toUpperCase()}` });
    await api(t, other.owner.token).post('/api/companies', { name: `Globex ${tag}`, domain });
    const found = await member.get<{ data: Duplicate[] }>(`/api/companies/duplicates?domain=${domain.toUpperCase()}&name=globex%20${tag}`);
    expect(found.data).toEqual([
      { id: withDomain.id, name: `Globex ${tag}`, domain, matchedOn: 'domain' },
      { id: sameName.id, name: `GLOBEX ${tag.toUpperCase()}`, domain: null, matchedOn: 'name' },
    ]);

    const many = word();
    for (let i = 0; i < 12; i++) await owner.post('/api/companies', { name: `Many ${many}` });
    expect((await owner.get<{ data: Duplicate[] }>(`/api/companies/duplicates?name=MANY%20${many}`)).data).toHaveLength(10);
  });

  it('asks for something to match: none of the fields is a 400 in the error shape', async () => {
    const res = await owner.raw<ErrorBody>('GET', '/api/contacts/duplicates', undefined, 400);
    expect(res.error.code).toBe('VALIDATION_FAILED');
    expect((await owner.raw<ErrorBody>('GET', '/api/companies/duplicates?excludeId=nope', undefined, 400)).error.code).toBe(
      'VALIDATION_FAILED',
    );
  });
});

describe('merging two contacts', () => {
  it('moves activities, tasks, deals and lead links to the survivor, takes the fields asked for, trashes the source, audits it', async () => {
    const tag = word();
    const company = await owner.post<Rec>('/api/companies', { name: `Employer ${tag}` });
    const target = await owner.post<Rec>('/api/contacts', {
      firstName: 'Tara',
      lastName: `Target${tag}`,
      email: `tara.${tag}@example.com`,
      title: 'CEO',
    });
    // The source came from a lead's conversion: the lead's link moves too.
    const lead = await owner.post<Rec>('/api/leads', {
      title: `Lead ${tag}`,
      contactName: `Sam Source${tag}`,
      email: `sam.${tag}@example.com`,
      phone: '+1 555 0100',
    });
    const converted = await owner.post<{ contactId: string }>(`/api/leads/${lead.id}/convert`, {}, 200);
    const sourceId = converted.contactId;
    await owner.patch(`/api/contacts/${sourceId}`, { companyId: company.id, title: 'Buyer' });

    const activity = await owner.post<Rec>('/api/activities', { type: 'call', subject: `Call ${tag}`, contactId: sourceId });
    const task = await owner.post<Rec>('/api/tasks', { title: `Task ${tag}`, contactId: sourceId });
    const deal = await owner.post<Rec>('/api/deals', { title: `Deal ${tag}`, value: 100, contactId: sourceId });
    const ownActivity = await owner.post<Rec>('/api/activities', { type: 'note', subject: `Note ${tag}`, contactId: target.id });

    const merged = await member.post<Rec>(
      `/api/contacts/${target.id}/merge`,
      { sourceId, fields: { email: 'source', phone: 'source', companyId: 'source', title: 'target' } },
      200,
    );
    expect(merged).toMatchObject({
      id: target.id,
      firstName: 'Tara',
      email: `sam.${tag}@example.com`,
      phone: '+1 555 0100',
      companyId: company.id,
      title: 'CEO',
      deletedAt: null,
    });

    expect(await contactIdsOf('activities', 'contact_id', target.id)).toEqual([activity.id, ownActivity.id].sort());
    expect(await contactIdsOf('tasks', 'contact_id', target.id)).toEqual([task.id]);
    expect(await contactIdsOf('deals', 'contact_id', target.id)).toEqual([deal.id]);
    for (const table of ['activities', 'tasks', 'deals']) expect(await contactIdsOf(table, 'contact_id', sourceId)).toEqual([]);
    expect(await owner.get<Rec>(`/api/leads/${lead.id}`)).toMatchObject({ convertedContactId: target.id });

    // The source is in the trash, and can come back (with nothing pointing at it any more).
    await owner.get(`/api/contacts/${sourceId}`, 404);
    expect((await owner.get<Page<Rec>>('/api/contacts?deleted=true&limit=200')).data.map((c) => c.id)).toContain(sourceId);

    const audit = await t.raw.all<{ action: string; changes: string | Record<string, unknown>; actor_type: string }>(
      "SELECT action, changes, actor_type FROM audit_log WHERE tenant_id = ? AND entity = 'contacts' AND entity_id = ? AND action = 'merge'",
      acme.tenantId,
      target.id,
    );
    expect(audit).toHaveLength(1);
    const changes = (typeof audit[0]!.changes === 'string' ? JSON.parse(audit[0]!.changes) : audit[0]!.changes) as Record<string, unknown>;
    expect(changes).toMatchObject({
      sourceId,
      fields: ['email', 'phone', 'companyId'],
      changes: { email: { from: `tara.${tag}@example.com`, to: `sam.${tag}@example.com` }, companyId: { from: null, to: company.id } },
      moved: { activities: 1, tasks: 1, deals: 1, leads: 1 },
    });
    // The survivor's timeline shows the moved activity and the merge.
    const timeline = await owner.get<Page<{ kind: string; activity?: Rec; change?: { action: string } }>>(
      `/api/contacts/${target.id}/timeline`,
    );
    expect(timeline.data.some((e) => e.activity?.id === activity.id)).toBe(true);
    expect(timeline.data.some((e) => e.change?.action === 'merge')).toBe(true);

    // Search: the source is out of the index; the moved deal is found by the survivor's name.
    const search = async (q: string, types: string) => (await owner.get<Page<Hit>>(`/api/search?q=${q}&types=${types}`)).data;
    expect((await search(`Source${tag}`, 'contact')).map((h) => h.id)).toEqual([]);
    expect((await search(`Target${tag}`, 'deal')).map((h) => h.id)).toEqual([deal.id]);
    expect((await search(`Target${tag}`, 'contact')).map((h) => h.id)).toEqual([target.id]);

    const restored = await owner.post<Rec>(`/api/contacts/${sourceId}/restore`, {}, 200);
    expect(restored).toMatchObject({ id: sourceId, deletedAt: null });
    expect(await contactIdsOf('activities', 'contact_id', sourceId)).toEqual([]);
    expect((await search(`Source${tag}`, 'contact')).map((h) => h.id)).toEqual([sourceId]);
  });

  it('refuses a merge with itself, a trashed, missing or other tenant’s record, unknown fields, and viewers', async () => {
    const tag = word();
    const a = await owner.post<Rec>('/api/contacts', { firstName: 'A', lastName: tag });
    const b = await owner.post<Rec>('/api/contacts', { firstName: 'B', lastName: tag });
    const gone = await owner.post<Rec>('/api/contacts', { firstName: 'Gone', lastName: tag });
    await owner.del(`/api/contacts/${gone.id}`);
    const theirs = await api(t, other.owner.token).post<Rec>('/api/contacts', { firstName: 'Theirs', lastName: tag });
    const activity = await api(t, other.owner.token).post<Rec>('/api/activities', { type: 'note', subject: tag, contactId: theirs.id });
    const before = await t.raw.all('SELECT * FROM contacts WHERE tenant_id IN (?, ?) ORDER BY id', acme.tenantId, other.tenantId);

    const refused = async (path: string, body: unknown, status: number, code: string) => {
      const res = await owner.raw<ErrorBody>('POST', path, body, status);
      expect(res.error.code, path).toBe(code);
      expect(res.error.requestId).toBeTruthy();
      return res;
    };
    const self = await refused(`/api/contacts/${a.id}/merge`, { sourceId: a.id }, 400, 'VALIDATION_FAILED');
    expect(self.error.details?.fields?.[0]?.path).toBe('sourceId');
    await refused(`/api/contacts/${a.id}/merge`, { sourceId: gone.id }, 404, 'NOT_FOUND');
    await refused(`/api/contacts/${gone.id}/merge`, { sourceId: a.id }, 404, 'NOT_FOUND');
    await refused(`/api/contacts/${a.id}/merge`, { sourceId: 'con_01JD0000000000000000000000' }, 404, 'NOT_FOUND');
    // Another tenant's record, as source or as survivor, is simply not found.
    await refused(`/api/contacts/${a.id}/merge`, { sourceId: theirs.id }, 404, 'NOT_FOUND');
    await refused(`/api/contacts/${theirs.id}/merge`, { sourceId: a.id }, 404, 'NOT_FOUND');
    const unknown = await refused(
      `/api/contacts/${a.id}/merge`,
      { sourceId: b.id, fields: { shoeSize: 'source' } },
      400,
      'VALIDATION_FAILED',
    );
    expect(unknown.error.details?.fields?.[0]?.path).toMatch(/^fields/);
    await refused(`/api/contacts/${a.id}/merge`, { sourceId: b.id, fields: { email: 'both' } }, 400, 'VALIDATION_FAILED');
    await refused(`/api/contacts/${a.id}/merge`, { sourceId: 'com_01JD0000000000000000000000' }, 400, 'VALIDATION_FAILED');
    const denied = await viewer.raw<ErrorBody>('POST', `/api/contacts/${a.id}/merge`, { sourceId: b.id }, 403);
    expect(denied.error.code).toBe('FORBIDDEN');

    expect(await t.raw.all('SELECT * FROM contacts WHERE tenant_id IN (?, ?) ORDER BY id', acme.tenantId, other.tenantId)).toEqual(before);
    expect(await api(t, other.owner.token).get<Rec>(`/api/activities/${activity.id}`)).toMatchObject({ contactId: theirs.id });
  });
});

describe('merging two companies', () => {
  it('moves contacts, deals, activities and tasks, takes the name asked for, and the search index follows', async () => {
    const tag = word();
    const target = await owner.post<Rec>('/api/companies', { name: `Keeper${tag}`, domain: `${tag}.example.com` });
    const source = await owner.post<Rec>('/api/companies', { name: `Better${tag}`, industry: 'Energy', phone: '+1 555 0199' });
    const contact = await owner.post<Rec>('/api/contacts', { firstName: 'Cleo', lastName: `Staff${tag}`, companyId: source.id });
    const deal = await owner.post<Rec>('/api/deals', { title: `Contract ${tag}`, companyId: source.id, contactId: contact.id });
    const activity = await owner.post<Rec>('/api/activities', { type: 'meeting', subject: `Visit ${tag}`, companyId: source.id });
    const task = await owner.post<Rec>('/api/tasks', { title: `Follow up ${tag}`, companyId: source.id });

    const merged = await owner.post<Rec>(
      `/api/companies/${target.id}/merge`,
      { sourceId: source.id, fields: { name: 'source', industry: 'source' } },
      200,
    );
    expect(merged).toMatchObject({ id: target.id, name: `Better${tag}`, industry: 'Energy', domain: `${tag}.example.com`, phone: null });

    expect(await owner.get<Rec>(`/api/contacts/${contact.id}`)).toMatchObject({ companyId: target.id });
    expect(await owner.get<Rec>(`/api/deals/${deal.id}`)).toMatchObject({ companyId: target.id, contactId: contact.id });
    expect(await owner.get<Rec>(`/api/activities/${activity.id}`)).toMatchObject({ companyId: target.id });
    expect(await owner.get<Rec>(`/api/tasks/${task.id}`)).toMatchObject({ companyId: target.id });
    await owner.get(`/api/companies/${source.id}`, 404);
    expect((await owner.get<Page<Rec>>('/api/companies?deleted=true&limit=200')).data.map((c) => c.id)).toContain(source.id);
    const timeline = await owner.get<Page<{ activity?: Rec; task?: Rec }>>(`/api/companies/${target.id}/timeline`);
    expect(timeline.data.some((e) => e.activity?.id === activity.id)).toBe(true);
    expect(timeline.data.some((e) => e.task?.id === task.id)).toBe(true);

    // The contact and deal are indexed with their company's name: the survivor's, which is now the source's old name.
    const search = async (q: string, types: string) =>
      (await owner.get<Page<Hit>>(`/api/search?q=${q}&types=${types}`)).data.map((h) => h.id);
    expect(await search(`Better${tag}`, 'company')).toEqual([target.id]);
    expect(await search(`Better${tag}`, 'contact')).toEqual([contact.id]);
    expect(await search(`Better${tag}`, 'deal')).toEqual([deal.id]);
    expect(await search(`Keeper${tag}`, 'company,contact,deal')).toEqual([]);

    const audit = await t.raw.get<{ changes: string | Record<string, unknown> }>(
      "SELECT changes FROM audit_log WHERE tenant_id = ? AND entity = 'companies' AND entity_id = ? AND action = 'merge'",
      acme.tenantId,
      target.id,
    );
    const changes = (typeof audit!.changes === 'string' ? JSON.parse(audit!.changes) : audit!.changes) as Record<string, unknown>;
    expect(changes).toMatchObject({
      sourceId: source.id,
      fields: ['name', 'industry'],
      moved: { contacts: 1, deals: 1, activities: 1, tasks: 1 },
    });

    expect(await owner.post<Rec>(`/api/companies/${source.id}/restore`, {}, 200)).toMatchObject({ id: source.id, name: `Better${tag}` });
  });

  it('refuses another tenant’s company and viewers; a merge without fields keeps the survivor’s values', async () => {
    const tag = word();
    const a = await owner.post<Rec>('/api/companies', { name: `Alpha ${tag}`, domain: `a${tag}.example.com` });
    const b = await owner.post<Rec>('/api/companies', { name: `Beta ${tag}`, domain: `b${tag}.example.com` });
    const theirs = await api(t, other.owner.token).post<Rec>('/api/companies', { name: `Theirs ${tag}` });
    expect((await owner.raw<ErrorBody>('POST', `/api/companies/${a.id}/merge`, { sourceId: theirs.id }, 404)).error.code).toBe('NOT_FOUND');
    expect(
      (await api(t, other.owner.token).raw<ErrorBody>('POST', `/api/companies/${theirs.id}/merge`, { sourceId: a.id }, 404)).error.code,
    ).toBe('NOT_FOUND');
    expect((await viewer.raw<ErrorBody>('POST', `/api/companies/${a.id}/merge`, { sourceId: b.id }, 403)).error.code).toBe('FORBIDDEN');
    await api(t, other.owner.token).get(`/api/companies/${theirs.id}`);

    expect(await member.post<Rec>(`/api/companies/${a.id}/merge`, { sourceId: b.id }, 200)).toMatchObject({
      id: a.id,
      name: `Alpha ${tag}`,
      domain: `a${tag}.example.com`,
    });
    await owner.get(`/api/companies/${b.id}`, 404);
  });
});
