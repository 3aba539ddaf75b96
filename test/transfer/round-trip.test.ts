import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, json, PASSWORD, systemScope, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { addUser } from '../../server/modules/users/users.service';

let t: TestApp;
let source: TenantFixture;
let memberEmail: string;

type Doc = Record<string, unknown> & { users: { id: string; email: string }[] };

async function post(path: string, body: unknown, token: string): Promise<{ id: string }> {
  const res = await t.app.request(path, json('POST', body, token));
  expect(res.status, `${path}: ${await res.clone().text()}`).toBe(201);
  return (await res.json()) as { id: string };
}

beforeAll(async () => {
  t = await createTestApp();
  source = await createTenant(t, 'source');
  const member = await addMember(t, source, 'member');
  memberEmail = member.email;
  const tok = source.owner.token;
  const acme = await post('/api/companies', { name: 'Acme Ltd', domain: 'acme.example', ownerId: member.id }, tok);
  const ana = await post(
    '/api/contacts',
    { firstName: 'Ana', lastName: 'Pérez', email: 'ana@acme.example', companyId: acme.id, ownerId: source.owner.id },
    tok,
  );
  const pipeline = await post(
    '/api/pipelines',
    {
      name: 'Renewals',
      stages: [
        { name: 'Open', probability: 20, kind: 'open' },
        { name: 'Done', probability: 100, kind: 'won' },
      ],
    },
    tok,
  );
  const stages = ((await (await t.app.request(`/api/pipelines/${pipeline.id}`, bearer(tok))).json()) as { stages: { id: string }[] })
    .stages;
  const deal = await post(
    '/api/deals',
    {
      title: 'Renewal 2027',
      value: 1234.5,
      pipelineId: pipeline.id,
      stageId: stages[1]!.id,
      companyId: acme.id,
      contactId: ana.id,
      ownerId: member.id,
    },
    tok,
  );
  await post('/api/deals', { title: 'Default pipeline deal', value: 10 }, tok);
  const lead = await post(
    '/api/leads',
    { title: 'Inbound', contactName: 'Bo Berg', email: 'bo@berg.example', companyName: 'Berg AB', value: 99 },
    tok,
  );
  const converted = await t.app.request(`/api/leads/${lead.id}/convert`, json('POST', { createDeal: {} }, tok));
  expect(converted.status).toBe(200);
  await post('/api/leads', { title: 'Second lead', source: 'event' }, tok);
  await post(
    '/api/activities',
    { type: 'call', subject: 'Kick-off =SUM(1)', body: 'line one\nline two', dealId: deal.id, contactId: ana.id },
    tok,
  );
  await post('/api/tasks', { title: 'Send contract', assigneeId: member.id, dealId: deal.id, dueAt: '2026-12-01T10:00:00.000Z' }, tok);
  const trashed = await post('/api/companies', { name: 'Gone Corp' }, tok);
  expect((await t.app.request(`/api/companies/${trashed.id}`, bearer(tok, 'DELETE'))).status).toBe(204);
});

/** The document with every id replaced by a stable label, user ids by the person's email where both sides have that person (else null), and timestamps dropped. */
function canonical(doc: Doc, peopleOnBothSides: Set<string>): unknown {
  const labels = new Map<string, string | null>();
  for (const u of doc.users) labels.set(u.id, peopleOnBothSides.has(u.email) ? u.email : null);
  for (const section of ['companies', 'contacts', 'pipelines', 'deals', 'leads', 'activities', 'tasks']) {
    (doc[section] as { id: string; stages?: { id: string }[] }[]).forEach((r, i) => {
      labels.set(r.id, `${section}#${i}`);
      r.stages?.forEach((s, j) => labels.set(s.id, `${section}#${i}.stage#${j}`));
    });
  }
  const drop = new Set(['createdAt', 'updatedAt', 'exportedAt', 'users', 'tenant']);
  return JSON.parse(
    JSON.stringify(doc, (key, value) =>
      drop.has(key) ? undefined : typeof value === 'string' && labels.has(value) ? labels.get(value) : value,
    ),
  );
}

describe('whole-tenant export and import', () => {
  it('round trip: export, import into a fresh tenant, export again: the same records', async () => {
    const exported = await t.app.request('/api/export', bearer(source.owner.token));
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename=".*-export-\d{4}-\d{2}-\d{2}\.json"/);
    const first = (await exported.json()) as Doc;
    expect(first).toMatchObject({ format: 'trasealla-tenant-export', version: 1 });
    expect(JSON.stringify(first)).not.toMatch(/password|scrypt/i);
    expect((first.companies as unknown[]).length).toBe(3);

    const target = await createTenant(t, 'target');
    await addUser(t.deps, systemScope(t.deps, target.tenantId), {
      email: memberEmail,
      name: 'Same person',
      password: PASSWORD,
      role: 'member',
    });
    const res = await t.app.request('/api/import', json('POST', first, target.owner.token));
    expect(res.status, await res.clone().text()).toBe(201);
    const report = (await res.json()) as { created: Record<string, number>; users: { matched: string[]; unmatched: string[] } };
    expect(report.created).toMatchObject({ companies: 3, contacts: 2, deals: 3, leads: 2, activities: 1, tasks: 1, pipelines: 2 });
    expect(report.users.matched).toEqual([memberEmail]);

    const second = (await (await t.app.request('/api/export', bearer(target.owner.token))).json()) as Doc;
    const both = new Set(first.users.map((u) => u.email).filter((e) => second.users.some((u) => u.email === e)));
    expect(canonical(second, both)).toEqual(canonical(first, both));
    // References really point at the new records.
    const newIds = new Set(JSON.stringify(second).match(/[a-z]{3}_[0-9A-Z]{26}/g));
    for (const id of JSON.stringify(first).match(/(com|con|dea|led|pip|stg)_[0-9A-Z]{26}/g) ?? []) expect(newIds.has(id)).toBe(false);

    const again = await t.app.request('/api/import', json('POST', first, target.owner.token));
    expect(again.status).toBe(409);
  });

  it('refuses a document of another format or version, and members', async () => {
    const fresh = await createTenant(t, 'fresh');
    const bad = await t.app.request('/api/import', json('POST', { format: 'other', version: 2 }, fresh.owner.token));
    expect(bad.status).toBe(400);
    const member = await addMember(t, fresh, 'member');
    expect((await t.app.request('/api/import', json('POST', {}, member.token))).status).toBe(403);
  });
});

describe('per-entity export', () => {
  it('CSV has a header row, names next to ids, defused formulas; JSON is the API objects; deleted=true adds the trash', async () => {
    const csv = await (await t.app.request('/api/export/activities?format=csv', bearer(source.owner.token))).text();
    expect(csv.split('\r\n')[0]).toBe(
      'id,type,subject,body,occurredAt,authorId,contactId,companyId,leadId,dealId,createdAt,updatedAt,deletedAt',
    );
    expect(csv).toContain('Kick-off =SUM(1)'); // not at the start of the cell: left alone
    const fresh = await createTenant(t, 'formula');
    await post('/api/companies', { name: '=HYPERLINK("http://x")' }, fresh.owner.token);
    const risky = await (await t.app.request('/api/export/companies', bearer(fresh.owner.token))).text();
    expect(risky).toContain(`"'=HYPERLINK(""http://x"")"`);
    const contacts = await (await t.app.request('/api/export/contacts', bearer(source.owner.token))).text();
    expect(contacts).toContain('Acme Ltd');
    const companies = (await (await t.app.request('/api/export/companies?format=json', bearer(source.owner.token))).json()) as {
      name: string;
    }[];
    expect(companies.map((c) => c.name).sort()).toEqual(['Acme Ltd', 'Berg AB']);
    const withTrash = (await (
      await t.app.request('/api/export/companies?format=json&deleted=true', bearer(source.owner.token))
    ).json()) as { name: string }[];
    expect(withTrash).toHaveLength(3);
  });
});
