import { deals } from '../../server/db/schema-crm';
import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, json, systemScope, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

type Rec = { id: string; [k: string]: unknown };
type Via = { type: string; id: string; name: string | null } | null;
type Change = { action: string; actorType: string; actorId: string | null; actorName: string | null; changes: Record<string, any> };
type Entry = { kind: string; at: string; activity?: Rec; task?: Rec; via?: Via; change?: Change };
type Stage = { id: string; name: string };

let t: TestApp;
let acme: TenantFixture;
let owner: Api;
let member: Api;
let memberId: string;
let stages: Stage[];

const nameOf = async (userId: string) => (await t.raw.get<{ name: string }>('SELECT name FROM users WHERE id = ?', userId))!.name;
const stage = (name: string) => stages.find((s) => s.name === name)!;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'readable');
  owner = api(t, acme.owner.token);
  const m = await addMember(t, acme, 'member');
  member = api(t, m.token);
  memberId = m.id;
  stages = (await owner.get<Page<{ stages: Stage[] }>>('/api/pipelines')).data[0]!.stages;
});

describe('a readable timeline', () => {
  it('names who made each change, and the stages, people and records a change points at', async () => {
    const company = await owner.post<Rec>('/api/companies', { name: 'Kramerica' });
    const contact = await owner.post<Rec>('/api/contacts', { firstName: 'Cosmo', lastName: 'Kramer' });
    t.clock.advance(1000);
    const deal = await owner.post<Rec>('/api/deals', { title: 'Oil bladder', stageId: stage('New').id });
    t.clock.advance(1000);
    await member.patch(`/api/deals/${deal.id}`, { stageId: stage('Qualified').id, ownerId: memberId, companyId: company.id });
    t.clock.advance(1000);
    await owner.post(`/api/deals/${deal.id}/move`, { stageId: stage('Proposal').id }, 200);
    t.clock.advance(1000);
    const key = await owner.post<{ secret: string }>('/api/api-keys', { name: 'Zapier bridge', scopes: ['read', 'write'] });
    const byKey = await t.app.request(`/api/deals/${deal.id}`, json('PATCH', { contactId: contact.id, companyId: null }, key.secret));
    expect(byKey.status).toBe(200);
    t.clock.advance(1000);
    await systemScope(t.deps, acme.tenantId).update(deals, deal.id, 'Deal', { title: 'Oil bladder (system)' });

    const page = await owner.get<Page<Entry>>(`/api/deals/${deal.id}/timeline`);
    const changes = page.data.filter((e) => e.kind === 'change').map((e) => e.change!);
    expect(changes.map((c) => [c.action, c.actorType, c.actorName])).toEqual([
      ['update', 'system', null],
      ['update', 'api_key', 'Zapier bridge'],
      ['move', 'user', await nameOf(acme.owner.id)],
      ['update', 'user', await nameOf(memberId)],
      ['create', 'user', await nameOf(acme.owner.id)],
    ]);
    const [system, viaKey, move, edit] = changes;
    expect(system!.changes).toEqual({ title: { from: 'Oil bladder', to: 'Oil bladder (system)' } });
    expect(move!.changes.stageId).toEqual({
      from: stage('Qualified').id,
      to: stage('Proposal').id,
      fromName: 'Qualified',
      toName: 'Proposal',
    });
    expect(edit!.changes).toEqual({
      stageId: { from: stage('New').id, to: stage('Qualified').id, fromName: 'New', toName: 'Qualified' },
      ownerId: { from: acme.owner.id, to: memberId, fromName: await nameOf(acme.owner.id), toName: await nameOf(memberId) },
      companyId: { from: null, to: company.id, fromName: null, toName: 'Kramerica' },
    });
    expect(viaKey!.changes).toEqual({
      contactId: { from: null, to: contact.id, fromName: null, toName: 'Cosmo Kramer' },
      companyId: { from: company.id, to: null, fromName: 'Kramerica', toName: null },
    });
    // Plain fields stay as they were.
    expect(edit!.changes.stageId.from).toBe(stage('New').id);
  });

  it("a company's timeline says which contact or deal each activity and task came through", async () => {
    const company = await owner.post<Rec>('/api/companies', { name: 'Pendant Publishing' });
    const contact = await owner.post<Rec>('/api/contacts', { firstName: 'Elaine', lastName: 'Benes', companyId: company.id });
    const deal = await owner.post<Rec>('/api/deals', { title: 'Ziggy book', companyId: company.id });
    const step = () => t.clock.advance(1000);
    step();
    const onContact = await member.post<Rec>('/api/activities', { type: 'sms', subject: 'Texted Elaine', contactId: contact.id });
    step();
    const onDeal = await owner.post<Rec>('/api/tasks', { title: 'Send the draft', dealId: deal.id, assigneeId: memberId });
    step();
    const direct = await owner.post<Rec>('/api/activities', { type: 'note', subject: 'On the company', companyId: company.id });
    step();
    const both = await owner.post<Rec>('/api/activities', { type: 'call', subject: 'Both', companyId: company.id, contactId: contact.id });

    const page = await owner.get<Page<Entry>>(`/api/companies/${company.id}/timeline`);
    const byId = new Map(page.data.filter((e) => e.kind !== 'change').map((e) => [(e.activity ?? e.task)!.id, e]));
    expect(byId.get(onContact.id)!.via).toEqual({ type: 'contact', id: contact.id, name: 'Elaine Benes' });
    expect(byId.get(onDeal.id)!.via).toEqual({ type: 'deal', id: deal.id, name: 'Ziggy book' });
    expect(byId.get(direct.id)!.via).toBeNull();
    expect(byId.get(both.id)!.via).toBeNull();
    // Activities name who logged them; tasks their assignee and their record.
    expect(byId.get(onContact.id)!.activity).toMatchObject({ type: 'sms', authorId: memberId, authorName: await nameOf(memberId) });
    expect(byId.get(onDeal.id)!.task).toMatchObject({
      assigneeId: memberId,
      assigneeName: await nameOf(memberId),
      record: { type: 'deal', id: deal.id, name: 'Ziggy book' },
    });
    // On the contact's own timeline nothing is "via" anything.
    const own = await owner.get<Page<Entry>>(`/api/contacts/${contact.id}/timeline`);
    expect(own.data.filter((e) => e.kind === 'activity').every((e) => e.via === null)).toBe(true);
  });

  it('takes an activity dated in the past, places it by that date, and takes sms', async () => {
    const contact = await owner.post<Rec>('/api/contacts', { firstName: 'George', lastName: 'Costanza' });
    t.clock.advance(1000);
    const now = await owner.post<Rec>('/api/activities', { type: 'call', subject: 'Now', contactId: contact.id });
    const past = await owner.post<Rec>('/api/activities', {
      type: 'sms',
      subject: 'Last week',
      contactId: contact.id,
      occurredAt: '2026-11-18T15:30:00Z',
    });
    expect(past).toMatchObject({ type: 'sms', occurredAt: '2026-11-18T15:30:00.000Z', authorName: await nameOf(acme.owner.id) });
    const page = await owner.get<Page<Entry>>(`/api/contacts/${contact.id}/timeline`);
    expect(page.data.map((e) => e.activity?.id ?? e.change?.action)).toEqual([now.id, 'create', past.id]);
    const list = await owner.get<Page<Rec>>(`/api/activities?contactId=${contact.id}&type=sms`);
    expect(list.data.map((a) => [a.id, a.authorName])).toEqual([[past.id, await nameOf(acme.owner.id)]]);
  });
});

describe('tasks that name their record', () => {
  it('each task names its assignee and the most specific record it is linked to', async () => {
    const company = await owner.post<Rec>('/api/companies', { name: 'Vandelay' });
    const contact = await owner.post<Rec>('/api/contacts', { firstName: 'Art', lastName: 'Vandelay', companyId: company.id });
    const lead = await owner.post<Rec>('/api/leads', { title: 'Latex lead' });
    const deal = await owner.post<Rec>('/api/deals', { title: 'Latex deal', companyId: company.id });
    const made = [
      await owner.post<Rec>('/api/tasks', { title: 'R company', companyId: company.id }),
      await owner.post<Rec>('/api/tasks', { title: 'R contact', contactId: contact.id, companyId: company.id }),
      await owner.post<Rec>('/api/tasks', { title: 'R lead', leadId: lead.id }),
      await owner.post<Rec>('/api/tasks', { title: 'R deal', dealId: deal.id, companyId: company.id, assigneeId: memberId }),
      await owner.post<Rec>('/api/tasks', { title: 'R none' }),
    ];
    expect(made.map((task) => task.record)).toEqual([
      { type: 'company', id: company.id, name: 'Vandelay' },
      { type: 'contact', id: contact.id, name: 'Art Vandelay' },
      { type: 'lead', id: lead.id, name: 'Latex lead' },
      { type: 'deal', id: deal.id, name: 'Latex deal' },
      null,
    ]);
    expect(made.map((task) => task.assigneeName)).toEqual([
      await nameOf(acme.owner.id),
      await nameOf(acme.owner.id),
      await nameOf(acme.owner.id),
      await nameOf(memberId),
      await nameOf(acme.owner.id),
    ]);
    // The same in the list and on one task; a trashed record keeps its name.
    await owner.del(`/api/deals/${deal.id}`);
    const list = await owner.get<Page<Rec>>('/api/tasks?q=R&limit=200');
    const listed = new Map(list.data.map((task) => [task.id, task]));
    expect(listed.get(made[3]!.id)).toMatchObject({
      record: { type: 'deal', id: deal.id, name: 'Latex deal' },
      assigneeName: await nameOf(memberId),
    });
    expect(await owner.get<Rec>(`/api/tasks/${made[1]!.id}`)).toMatchObject({ record: { type: 'contact', name: 'Art Vandelay' } });
    // Exports keep the record's own fields only.
    const csv = await (
      await t.app.request('/api/export/tasks?format=csv', { headers: { authorization: `Bearer ${acme.owner.token}` } })
    ).text();
    expect(csv.split('\r\n')[0]).not.toMatch(/assigneeName|record/);
  });

  it("my tasks: overdue first, then by due date, those without one last, paged; done and others' left out", async () => {
    const tenant = await createTenant(t, 'mine');
    const me = api(t, tenant.owner.token);
    const other = await addMember(t, tenant, 'member');
    const now = t.clock.now().getTime();
    const at = (hours: number) => new Date(now + hours * 3_600_000).toISOString();
    const make = (title: string, extra: Record<string, unknown>) => me.post<Rec>('/api/tasks', { title, ...extra });
    const noDue1 = await make('no due 1', {});
    const later = await make('in two days', { dueAt: at(48) });
    const overdueOld = await make('overdue by a week', { dueAt: at(-24 * 7) });
    const soon = await make('in an hour', { dueAt: at(1) });
    const noDue2 = await make('no due 2', {});
    const overdue = await make('overdue by an hour', { dueAt: at(-1) });
    await make('done and overdue', { dueAt: at(-5), done: true });
    await make("someone else's", { dueAt: at(-10), assigneeId: other.id });
    const expected = [overdueOld.id, overdue.id, soon.id, later.id, ...[noDue1.id, noDue2.id].sort()];

    const mine = await me.get<Page<Rec>>('/api/tasks?view=mine');
    expect(mine.data.map((task) => task.id)).toEqual(expected);
    expect(mine.total).toBe(6);
    const paged = await allPagesOf(me, '/api/tasks?view=mine', 1);
    expect(paged).toEqual(expected);
    const pagedBy4 = await allPagesOf(me, '/api/tasks?view=mine', 4);
    expect(pagedBy4).toEqual(expected);

    // The dashboard's task counts follow completion.
    const before = await me.get<{ totals: { openTasks: number; myOpenTasks: number } }>('/api/analytics');
    expect(before.totals).toMatchObject({ openTasks: 7, myOpenTasks: 6 });
    await me.patch(`/api/tasks/${overdue.id}`, { done: true });
    const after = await me.get<{ totals: { openTasks: number; myOpenTasks: number } }>('/api/analytics');
    expect(after.totals).toMatchObject({ openTasks: 6, myOpenTasks: 5 });
    expect((await me.get<Page<Rec>>('/api/tasks?view=mine')).data.map((task) => task.id)).not.toContain(overdue.id);
    await me.patch(`/api/tasks/${overdue.id}`, { done: false });
    expect((await me.get<{ totals: { myOpenTasks: number } }>('/api/analytics')).totals.myOpenTasks).toBe(6);
  });
});

async function allPagesOf(a: Api, path: string, limit: number): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page: Page<Rec> = await a.get<Page<Rec>>(`${path}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    ids.push(...page.data.map((r) => r.id));
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return ids;
}
