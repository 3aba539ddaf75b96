import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

let t: TestApp;
let acme: TenantFixture;
let owner: Api;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  owner = api(t, acme.owner.token);
});

type Rec = { id: string; [k: string]: unknown };

describe('create, read, update, delete for each record type', () => {
  it('companies and contacts: full life cycle with the trash, restore and purge', async () => {
    const company = await owner.post<Rec>('/api/companies', { name: 'Globex', domain: 'GLOBEX.example.com', phone: '+1 (555) 010-2000' });
    expect(company).toMatchObject({ name: 'Globex', domain: 'globex.example.com', deletedAt: null });
    const contact = await owner.post<Rec>('/api/contacts', {
      firstName: 'Hank',
      lastName: 'Scorpio',
      email: 'Hank@Globex.example.com',
      companyId: company.id,
    });
    expect(contact).toMatchObject({ email: 'hank@globex.example.com', companyId: company.id, ownerId: acme.owner.id });

    expect(await owner.get<Rec>(`/api/contacts/${contact.id}`)).toMatchObject({ firstName: 'Hank' });
    const renamed = await owner.patch<Rec>(`/api/contacts/${contact.id}`, { title: 'CEO', phone: null });
    expect(renamed).toMatchObject({ title: 'CEO', phone: null, firstName: 'Hank' });

    await owner.del(`/api/contacts/${contact.id}`);
    await owner.get(`/api/contacts/${contact.id}`, 404);
    const trash = await owner.get<Page<Rec>>('/api/contacts?deleted=true');
    expect(trash.data.map((c) => c.id)).toContain(contact.id);
    expect((await owner.get<Page<Rec>>('/api/contacts')).data.map((c) => c.id)).not.toContain(contact.id);

    expect(await owner.post<Rec>(`/api/contacts/${contact.id}/restore`, {}, 200)).toMatchObject({ deletedAt: null });
    await owner.get(`/api/contacts/${contact.id}`);

    // Purge is for owners only, and clears references to the record.
    const member = api(t, (await addMember(t, acme, 'member')).token);
    await member.raw('DELETE', `/api/companies/${company.id}?permanent=true`, undefined, 403);
    await owner.del(`/api/companies/${company.id}?permanent=true`);
    await owner.get(`/api/companies/${company.id}?deleted=true`, 404);
    expect(await owner.get<Rec>(`/api/contacts/${contact.id}`)).toMatchObject({ companyId: null });
    // Audit ids are ULIDs, strictly increasing in the order the entries were written.
    const audit = await t.raw.all<{ action: string }>(
      "SELECT action FROM audit_log WHERE entity = 'companies' AND entity_id = ? ORDER BY id",
      company.id,
    );
    expect(audit.map((a) => a.action)).toEqual(['create', 'delete']);
  });

  it('leads, deals, activities and tasks: create, read, update, delete', async () => {
    const lead = await owner.post<Rec>('/api/leads', {
      title: 'Website enquiry',
      contactName: 'Marge Bouvier',
      source: 'website',
      value: 1200.5,
    });
    expect(lead).toMatchObject({ stage: 'new', source: 'website', value: 1200.5 });
    expect(lead.number).toMatch(/^LED-\d{4}$/);
    expect(await owner.patch<Rec>(`/api/leads/${lead.id}`, { stage: 'contacted' })).toMatchObject({ stage: 'contacted' });

    const deal = await owner.post<Rec>('/api/deals', { title: 'Reactor upgrade', value: 50_000 });
    expect(deal).toMatchObject({ status: 'open', currency: 'USD', value: 50_000, probability: 10 });
    expect(await owner.patch<Rec>(`/api/deals/${deal.id}`, { value: 60_000.25, probability: 40 })).toMatchObject({
      value: 60_000.25,
      probability: 40,
    });

    const activity = await owner.post<Rec>('/api/activities', { type: 'call', subject: 'Intro call', dealId: deal.id });
    expect(activity).toMatchObject({ type: 'call', dealId: deal.id, authorId: acme.owner.id });
    const task = await owner.post<Rec>('/api/tasks', { title: 'Send proposal', dueAt: '2026-11-26T10:00:00Z', dealId: deal.id });
    expect(task).toMatchObject({ done: false, assigneeId: acme.owner.id });
    expect(await owner.patch<Rec>(`/api/tasks/${task.id}`, { done: true })).toMatchObject({ done: true, doneAt: expect.any(String) });

    for (const path of [`/api/leads/${lead.id}`, `/api/deals/${deal.id}`, `/api/activities/${activity.id}`, `/api/tasks/${task.id}`]) {
      await owner.del(path);
      await owner.get(path, 404);
    }
  });

  it('validation errors name the field; unknown references are not found', async () => {
    const bad = await owner.raw<{ error: { code: string; details: { fields: { path: string }[] } } }>(
      'POST',
      '/api/contacts',
      { firstName: '', lastName: 'X', email: 'not-an-email' },
      400,
    );
    expect(bad.error.code).toBe('VALIDATION_FAILED');
    expect(bad.error.details.fields.map((f) => f.path).sort()).toEqual(['email', 'firstName']);
    await owner.raw('POST', '/api/contacts', { firstName: 'A', lastName: 'B', companyId: 'com_01JD0000000000000000000000' }, 404);
    await owner.raw('POST', '/api/activities', { type: 'call', subject: 'Orphan' }, 400);
    await owner.raw('POST', '/api/deals', { title: 'X', value: 10.123 }, 400);
    await owner.raw('POST', '/api/deals', { title: 'X', expectedCloseDate: '2026-02-30' }, 400);
    await owner.raw('PATCH', '/api/companies/com_01JD0000000000000000000000', { name: 'X' }, 404);
  });
});

describe('lists', () => {
  it('filter, sort and page with cursors that stay stable while rows are inserted', async () => {
    const tenant = await createTenant(t, 'lists');
    const a = api(t, tenant.owner.token);
    const company = await a.post<Rec>('/api/companies', { name: 'Paged Co' });
    for (let i = 0; i < 25; i++) {
      t.clock.advance(1000);
      await a.post('/api/contacts', {
        firstName: `P${i}`,
        lastName: `Person ${String(i).padStart(2, '0')}`,
        companyId: i % 2 === 0 ? company.id : null,
      });
    }
    const filtered = await a.get<Page<Rec>>(`/api/contacts?companyId=${company.id}&limit=100`);
    expect(filtered.total).toBe(13);
    expect(filtered.data.every((c) => c.companyId === company.id)).toBe(true);

    const byName = await a.get<Page<Rec>>('/api/contacts?sort=-lastName&limit=3');
    expect(byName.data.map((c) => c.lastName)).toEqual(['Person 24', 'Person 23', 'Person 22']);

    const seen: string[] = [];
    let page = await a.get<Page<Rec>>('/api/contacts?sort=-createdAt&limit=10');
    seen.push(...page.data.map((c) => c.id));
    // Newer rows arrive between pages: the next page still continues exactly where the last ended.
    t.clock.advance(1000);
    const lateFrom = t.clock.now().toISOString();
    for (let i = 0; i < 5; i++) await a.post('/api/contacts', { firstName: 'New', lastName: `Late ${i}` });
    while (page.nextCursor) {
      page = await a.get<Page<Rec>>(`/api/contacts?sort=-createdAt&limit=10&cursor=${encodeURIComponent(page.nextCursor)}`);
      seen.push(...page.data.map((c) => c.id));
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(25);

    await a.raw('GET', `/api/contacts?sort=lastName&cursor=${encodeURIComponent(byName.nextCursor!)}`, undefined, 400);
    const created = await a.get<Page<Rec>>(`/api/contacts?createdFrom=${encodeURIComponent(lateFrom)}&limit=100`);
    expect(created.data.map((c) => c.lastName).sort()).toEqual(['Late 0', 'Late 1', 'Late 2', 'Late 3', 'Late 4']);
  });
});
