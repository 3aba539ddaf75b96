import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

type Rec = { id: string; [k: string]: unknown };
type Entry = { kind: string; at: string; activity?: Rec; task?: Rec; change?: { action: string; changes: Record<string, unknown> } };
type Hit = { kind: string; id: string; name: string };

let t: TestApp;
let acme: TenantFixture;
let owner: Api;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  owner = api(t, acme.owner.token);
});

describe('timeline', () => {
  it('merges activities, tasks and field changes newest first; a company includes its contacts and deals', async () => {
    const step = () => t.clock.advance(60_000);
    const company = await owner.post<Rec>('/api/companies', { name: 'Vandelay Industries' });
    step();
    const contact = await owner.post<Rec>('/api/contacts', { firstName: 'Art', lastName: 'Vandelay', companyId: company.id });
    step();
    const deal = await owner.post<Rec>('/api/deals', { title: 'Latex order', companyId: company.id });
    step();
    const call = await owner.post<Rec>('/api/activities', {
      type: 'call',
      subject: 'Called Art',
      contactId: contact.id,
      occurredAt: t.clock.now().toISOString(),
    });
    step();
    await owner.patch(`/api/companies/${company.id}`, { industry: 'Import/export' });
    step();
    const task = await owner.post<Rec>('/api/tasks', { title: 'Ship samples', dealId: deal.id });
    step();
    const note = await owner.post<Rec>('/api/activities', {
      type: 'note',
      subject: 'Company note',
      companyId: company.id,
      occurredAt: t.clock.now().toISOString(),
    });

    const timeline = await owner.get<Page<Entry>>(`/api/companies/${company.id}/timeline`);
    const summary = timeline.data.map((e) => `${e.kind}:${e.activity?.subject ?? e.task?.title ?? e.change?.action}`);
    expect(summary).toEqual(['activity:Company note', 'task:Ship samples', 'change:update', 'activity:Called Art', 'change:create']);
    expect(timeline.data[2]!.change!.changes).toEqual({ industry: { from: null, to: 'Import/export' } });
    const times = timeline.data.map((e) => Date.parse(e.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const contactTimeline = await owner.get<Page<Entry>>(`/api/contacts/${contact.id}/timeline`);
    expect(contactTimeline.data.map((e) => e.activity?.id ?? e.change?.action)).toEqual([call.id, 'create']);

    const first = await owner.get<Page<Entry>>(`/api/companies/${company.id}/timeline?limit=2`);
    const second = await owner.get<Page<Entry>>(
      `/api/companies/${company.id}/timeline?limit=2&cursor=${encodeURIComponent(first.nextCursor!)}`,
    );
    const third = await owner.get<Page<Entry>>(
      `/api/companies/${company.id}/timeline?limit=2&cursor=${encodeURIComponent(second.nextCursor!)}`,
    );
    expect([...first.data, ...second.data, ...third.data].map((e) => e.at + e.kind)).toEqual(timeline.data.map((e) => e.at + e.kind));
    expect(third.nextCursor).toBeNull();
    // Every page counts the whole timeline, whichever page it is.
    expect([timeline.total, first.total, second.total, third.total]).toEqual([5, 5, 5, 5]);
    expect(contactTimeline.total).toBe(2);

    await owner.del(`/api/activities/${note.id}`);
    const after = await owner.get<Page<Entry>>(`/api/companies/${company.id}/timeline`);
    expect(after.data.some((e) => e.activity?.id === note.id)).toBe(false);
    expect(after.total).toBe(after.data.length);
    void task;
  });
});

describe('search', () => {
  let other: TenantFixture;
  beforeAll(async () => {
    const globex = await owner.post<Rec>('/api/companies', { name: 'Globex Corporation', domain: 'globex.example.com' });
    await owner.post('/api/contacts', {
      firstName: 'Hank',
      lastName: 'Scorpio',
      email: 'hank.scorpio@globex.example.com',
      phone: '+1 (555) 867-5309',
      companyId: globex.id,
    });
    await owner.post('/api/leads', { title: 'Doomsday device', contactName: 'Frank Grimes', phone: '555 123 4567' });
    await owner.post('/api/deals', { title: 'Hammock district', companyId: globex.id });
    other = await createTenant(t, 'other');
    const o = api(t, other.owner.token);
    const otherGlobex = await o.post<Rec>('/api/companies', { name: 'Globex Rival' });
    await o.post('/api/contacts', { firstName: 'Hank', lastName: 'Impostor', email: 'hank@rival.example.com', companyId: otherGlobex.id });
  });

  const find = async (q: string, types?: string) =>
    (await owner.get<Page<Hit>>(`/api/search?q=${encodeURIComponent(q)}${types ? `&types=${types}` : ''}`)).data;

  it('finds by partial name, email, phone and company name, across record types', async () => {
    expect((await find('scor')).map((h) => h.name)).toContain('Hank Scorpio');
    expect((await find('hank.scor')).map((h) => h.name)).toEqual(['Hank Scorpio']);
    expect((await find('8675')).map((h) => h.name)).toEqual(['Hank Scorpio']);
    expect((await find('5558675')).map((h) => h.name)).toEqual(['Hank Scorpio']);
    expect((await find('1234567')).map((h) => h.name)).toEqual(['Doomsday device Frank Grimes']);
    const byCompany = await find('globex');
    expect(byCompany.map((h) => h.kind).sort()).toEqual(['company', 'contact', 'deal']);
    expect(byCompany[0]).toMatchObject({ kind: 'company', name: 'Globex Corporation' });
    expect((await find('globex', 'contact')).map((h) => h.kind)).toEqual(['contact']);
  });

  it("never returns another tenant's records, nor deleted ones, and follows renames", async () => {
    const hits = await find('hank');
    expect(hits.map((h) => h.name)).toEqual(['Hank Scorpio']);
    const impostor = await api(t, other.owner.token).get<Page<Hit>>('/api/search?q=hank');
    expect(impostor.data.map((h) => h.name)).toEqual(['Hank Impostor']);

    const company = (await find('globex', 'company'))[0]!;
    await owner.patch(`/api/companies/${company.id}`, { name: 'Globex Renamed' });
    expect((await find('renamed', 'contact')).map((h) => h.name)).toEqual(['Hank Scorpio']);
    await owner.del(`/api/companies/${company.id}`);
    expect(await find('renamed', 'company')).toEqual([]);
  });

  it('treats search syntax as plain words and refuses an empty query', async () => {
    expect(await find('"NEAR( OR * ^')).toEqual([]);
    await owner.raw('GET', '/api/search?q=', undefined, 400);
    await owner.raw('GET', '/api/search?q=x&types=planets', undefined, 400);
  });

  it('list q uses the same index', async () => {
    const page = await owner.get<Page<Rec>>('/api/contacts?q=scorp');
    expect(page.data.map((c) => c.lastName)).toEqual(['Scorpio']);
    expect(page.total).toBe(1);
  });
});
