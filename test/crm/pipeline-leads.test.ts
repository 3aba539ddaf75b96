import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { loadMigrations } from '../../server/db/migrations-source';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { snapshot } from '../helpers/db-snapshot';
import { tempDir } from '../helpers/temp-dir';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

type Stage = { id: string; name: string; kind: string; probability: number };
type Pipeline = { id: string; name: string; isDefault: boolean; stages: Stage[] };
type Rec = { id: string; [k: string]: unknown };

let t: TestApp;
let acme: TenantFixture;
let owner: Api;
let sales: Pipeline;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
  owner = api(t, acme.owner.token);
  sales = (await owner.get<Page<Pipeline>>('/api/pipelines')).data[0]!;
});

describe('pipelines', () => {
  it('every new tenant has the default Sales pipeline', () => {
    expect(sales).toMatchObject({ name: 'Sales', isDefault: true });
    expect(sales.stages.map((s) => s.name)).toEqual(['New', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
  });

  it('tenants created before the CRM existed get it from the migration', async () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'old.db'));
    await migrate(db.sqlite, { migrations: loadMigrations().slice(0, 1) });
    db.sqlite
      .prepare(
        "INSERT INTO tenants (id, slug, name, status, settings, created_at, updated_at) VALUES ('ten_01JD0000000000000000000001', 'old', 'Old', 'active', '{}', 0, 0)",
      )
      .run();
    await migrate(db.sqlite);
    const stages = db.sqlite
      .prepare(
        "SELECT s.name, s.kind, s.id FROM pipeline_stages s JOIN pipelines p ON p.id = s.pipeline_id WHERE p.tenant_id = 'ten_01JD0000000000000000000001' AND p.is_default = 1 ORDER BY s.position",
      )
      .all() as { name: string; kind: string; id: string }[];
    expect(stages.map((s) => s.name)).toEqual(['New', 'Qualified', 'Proposal', 'Negotiation', 'Won', 'Lost']);
    expect(stages[0]!.id).toMatch(/^stg_[0-9A-HJKMNP-TV-Z]{26}$/);
    db.close();
  });

  it('stages can be renamed, reordered, added, and removed unless deals sit in them', async () => {
    const custom = await owner.post<Pipeline>('/api/pipelines', {
      name: 'Renewals',
      stages: [
        { name: 'Due', probability: 50, kind: 'open' },
        { name: 'Renewed', probability: 100, kind: 'won' },
      ],
    });
    expect(custom.isDefault).toBe(false);
    const [due, renewed] = custom.stages;
    const edited = await owner.patch<Pipeline>(`/api/pipelines/${custom.id}`, {
      stages: [
        { id: renewed!.id, name: 'Renewed!', probability: 100, kind: 'won' },
        { name: 'Chasing', probability: 30, kind: 'open' },
        { id: due!.id, name: 'Due soon', probability: 60, kind: 'open' },
      ],
    });
    expect(edited.stages.map((s) => s.name)).toEqual(['Renewed!', 'Chasing', 'Due soon']);
    expect(edited.stages.find((s) => s.name === 'Due soon')!.id).toBe(due!.id);

    await owner.post('/api/deals', { title: 'Renewal 2027', pipelineId: custom.id, stageId: due!.id });
    const refused = await owner.raw<{ error: { code: string } }>(
      'PATCH',
      `/api/pipelines/${custom.id}`,
      {
        stages: [
          { id: renewed!.id, name: 'Renewed', probability: 100, kind: 'won' },
          { name: 'Open', probability: 10, kind: 'open' },
        ],
      },
      409,
    );
    expect(refused.error.code).toBe('CONFLICT');
    await owner.raw('DELETE', `/api/pipelines/${sales.id}`, undefined, 409);
  });
});

describe('deals move through stages', () => {
  it('won and lost stages close the deal with a date; lost needs a reason; open stages reopen it', async () => {
    const stage = (name: string) => sales.stages.find((s) => s.name === name)!;
    const deal = await owner.post<Rec>('/api/deals', { title: 'Big one', value: 1000 });
    expect(deal).toMatchObject({ stageId: stage('New').id, status: 'open', closedAt: null });

    const proposal = await owner.post<Rec>(`/api/deals/${deal.id}/move`, { stageId: stage('Proposal').id }, 200);
    expect(proposal).toMatchObject({ status: 'open', probability: 50 });

    const noReason = await owner.raw<{ error: { details: { fields: { path: string }[] } } }>(
      'POST',
      `/api/deals/${deal.id}/move`,
      { stageId: stage('Lost').id },
      400,
    );
    expect(noReason.error.details.fields[0]!.path).toBe('lostReason');

    const lost = await owner.post<Rec>(
      `/api/deals/${deal.id}/move`,
      { stageId: stage('Lost').id, lostReason: 'Went with a competitor' },
      200,
    );
    expect(lost).toMatchObject({ status: 'lost', lostReason: 'Went with a competitor', closedAt: t.clock.now().toISOString() });

    const won = await owner.post<Rec>(`/api/deals/${deal.id}/move`, { stageId: stage('Won').id }, 200);
    expect(won).toMatchObject({ status: 'won', lostReason: null });
    expect(won.closedAt).toBeTruthy();

    const reopened = await owner.post<Rec>(`/api/deals/${deal.id}/move`, { stageId: stage('Negotiation').id }, 200);
    expect(reopened).toMatchObject({ status: 'open', closedAt: null });

    const other = await owner.post<Pipeline>('/api/pipelines', {
      name: 'Other',
      stages: [
        { name: 'A', probability: 5, kind: 'open' },
        { name: 'B', probability: 9, kind: 'open' },
      ],
    });
    await owner.raw('POST', `/api/deals/${deal.id}/move`, { stageId: other.stages[0]!.id }, 400);
  });
});

describe('leads', () => {
  it('50 concurrent creations get 50 distinct, consecutive numbers', async () => {
    const tenant = await createTenant(t, 'numbers');
    const a = api(t, tenant.owner.token);
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => a.post<Rec>('/api/leads', { title: `Lead ${i}` })));
    const numbers = created.map((l) => Number(String(l.number).slice(4))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(created.map((l) => l.number)).toContain('LED-0001');
  });

  it('conversion makes a contact, finds the company by name, opens a deal, and links the lead to all three', async () => {
    const existing = await owner.post<Rec>('/api/companies', { name: 'Initech' });
    const lead = await owner.post<Rec>('/api/leads', {
      title: 'TPS reports',
      contactName: 'Bill Lumbergh',
      email: 'bill@initech.example.com',
      phone: '555-0101',
      companyName: 'INITECH',
      value: 900,
    });
    const result = await owner.post<{ lead: Rec; contactId: string; companyId: string; dealId: string }>(
      `/api/leads/${lead.id}/convert`,
      { createDeal: {} },
      200,
    );
    expect(result.companyId).toBe(existing.id);
    expect(result.lead).toMatchObject({
      convertedContactId: result.contactId,
      convertedCompanyId: existing.id,
      convertedDealId: result.dealId,
      stage: 'qualified',
    });
    expect(await owner.get<Rec>(`/api/contacts/${result.contactId}`)).toMatchObject({
      firstName: 'Bill',
      lastName: 'Lumbergh',
      email: 'bill@initech.example.com',
      companyId: existing.id,
    });
    expect(await owner.get<Rec>(`/api/deals/${result.dealId}`)).toMatchObject({
      title: 'TPS reports',
      value: 900,
      contactId: result.contactId,
      companyId: existing.id,
    });
    await owner.raw('POST', `/api/leads/${lead.id}/convert`, {}, 409);
  });

  it('conversion is atomic: a failure half-way leaves nothing behind', async () => {
    const lead = await owner.post<Rec>('/api/leads', { title: 'Doomed', contactName: 'Nobody Atall', companyName: 'Brand New Co' });
    const foreignStage = (
      await owner.post<Pipeline>('/api/pipelines', {
        name: 'Elsewhere',
        stages: [
          { name: 'X', probability: 1, kind: 'open' },
          { name: 'Y', probability: 2, kind: 'open' },
        ],
      })
    ).stages[0]!;
    const before = await snapshot(t.raw);
    // The company and contact are written first; the deal then fails on a stage outside its pipeline.
    await owner.raw('POST', `/api/leads/${lead.id}/convert`, { createDeal: { stageId: foreignStage.id } }, 400);
    expect(await snapshot(t.raw)).toEqual(before);
    expect(await owner.get<Rec>(`/api/leads/${lead.id}`)).toMatchObject({ convertedAt: null });
  });
});
