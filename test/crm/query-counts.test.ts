import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api } from './crm-helpers';

/*
 * A page costs the same number of queries whatever its length: no lookup per row. Counted as the
 * statements better-sqlite3 runs for the request.
 */

const TWO_STAGES = [
  { name: 'Open', probability: 5, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
];

let t: TestApp;
let acme: TenantFixture;
let owner: Api;

/** Statements run while the request is served: every run of every statement, prepared once or not. */
async function queriesFor(path: string): Promise<number> {
  const statement = Object.getPrototypeOf(t.deps.database!.sqlite.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const originals = new Map<string, (...args: unknown[]) => unknown>();
  let count = 0;
  for (const method of ['all', 'get', 'run', 'iterate']) {
    const original = statement[method]!;
    originals.set(method, original);
    statement[method] = function (this: unknown, ...args: unknown[]) {
      count += 1;
      return original.apply(this, args);
    };
  }
  try {
    await owner.get(path);
  } finally {
    for (const [method, original] of originals) statement[method] = original;
  }
  return count;
}

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'queries');
  owner = api(t, acme.owner.token);
});

describe('queries per page', () => {
  it('a page of deals, pipelines, tasks, activities or timeline entries costs the same with 1 row as with 40', async () => {
    const company = await owner.post<{ id: string }>('/api/companies', { name: 'Initech' });
    const pipeline = await owner.get<{ data: { id: string; stages: { id: string }[] }[] }>('/api/pipelines');
    const stages = pipeline.data[0]!.stages;
    await owner.post('/api/deals', { title: 'Deal 0', companyId: company.id, stageId: stages[0]!.id });
    await owner.post('/api/activities', { type: 'call', subject: 'Call 0', companyId: company.id });
    await owner.post('/api/tasks', { title: 'Task 0', companyId: company.id });
    await owner.post('/api/pipelines', { name: 'Second 0', stages: TWO_STAGES });
    // Measured in the same order both times, each right after writes (a write forgets the cached list totals).
    const one = {
      deals: await queriesFor('/api/deals?limit=50'),
      pipelines: await queriesFor('/api/pipelines?limit=50'),
      timeline: await queriesFor(`/api/companies/${company.id}/timeline?limit=50`),
      // Tasks name their assignee and record, activities their author: one lookup per kind per page.
      tasks: await queriesFor('/api/tasks?limit=50'),
      activities: await queriesFor('/api/activities?limit=50'),
    };
    for (let i = 1; i < 40; i += 1) {
      await owner.post('/api/deals', { title: `Deal ${i}`, companyId: company.id, stageId: stages[i % 4]!.id });
      await owner.post('/api/activities', { type: 'call', subject: `Call ${i}`, companyId: company.id });
      await owner.post('/api/tasks', { title: `Task ${i}`, companyId: company.id });
      if (i < 10) await owner.post('/api/pipelines', { name: `Second ${i}`, stages: TWO_STAGES });
    }
    expect(await queriesFor('/api/deals?limit=50')).toBe(one.deals);
    expect(await queriesFor('/api/pipelines?limit=50')).toBe(one.pipelines);
    expect(await queriesFor(`/api/companies/${company.id}/timeline?limit=50`)).toBe(one.timeline);
    expect(await queriesFor('/api/tasks?limit=50')).toBe(one.tasks);
    expect(await queriesFor('/api/activities?limit=50')).toBe(one.activities);
  });
});
