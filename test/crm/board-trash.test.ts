import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

type Rec = { id: string; [k: string]: unknown };
type Stage = { id: string; name: string; kind: string };
type BoardStage = {
  stageId: string;
  name: string;
  position: number;
  kind: string;
  count: number;
  totals: { currency: string; amount: number }[];
};
type Board = { pipelineId: string; stages: BoardStage[] };

let t: TestApp;
let acme: TenantFixture;
let owner: Api;
let memberId: string;
let pipelineId: string;
let stages: Stage[];

/** Every page of a list, following nextCursor; asserts each page's total is the same. */
async function allPages(a: Api, path: string, limit: number): Promise<{ ids: string[]; total: number; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  let pages = 0;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<Rec> = await a.get<Page<Rec>>(`${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (total === -1) total = page.total;
    expect(page.total).toBe(total);
    ids.push(...page.data.map((r) => r.id));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids, total, pages };
}

const CURRENCIES = ['USD', 'EUR', 'GBP'];
const DATES = [null, '2026-12-01', '2026-12-15', '2027-01-10', '2027-02-28'];

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'board');
  owner = api(t, acme.owner.token);
  memberId = (await addMember(t, acme, 'member')).id;
  const pipeline = (await owner.get<Page<{ id: string; stages: Stage[] }>>('/api/pipelines')).data[0]!;
  pipelineId = pipeline.id;
  stages = pipeline.stages;
  const owners = [acme.owner.id, memberId, null];
  // 72 deals over every stage but one (left empty), three currencies, three owners, with and without close dates.
  const used = stages.filter((s) => s.name !== 'Negotiation');
  for (let i = 0; i < 72; i++) {
    const stage = used[i % used.length]!;
    t.clock.advance(1000);
    await owner.post('/api/deals', {
      title: `${i % 4 === 0 ? 'Zephyr' : 'Plain'} deal ${i}`,
      value: (i * 137.25) % 5000,
      currency: CURRENCIES[i % 3],
      stageId: stage.id,
      ownerId: owners[i % 3],
      expectedCloseDate: DATES[Math.floor(i / 3) % DATES.length],
      ...(stage.kind === 'lost' ? { lostReason: 'Price' } : {}),
    });
  }
  // Trashed deals count nowhere.
  for (let i = 0; i < 3; i++) {
    const d = await owner.post<Rec>('/api/deals', { title: `Zephyr trashed ${i}`, value: 1000, stageId: stages[0]!.id });
    await owner.del(`/api/deals/${d.id}`);
  }
  // Another pipeline's deals, and another tenant's, neither.
  const second = await owner.post<{ id: string; stages: Stage[] }>('/api/pipelines', {
    name: 'Second',
    stages: [
      { name: 'Open', probability: 5, kind: 'open' },
      { name: 'Won', probability: 100, kind: 'won' },
    ],
  });
  await owner.post('/api/deals', { title: 'Zephyr elsewhere', value: 10, pipelineId: second.id, stageId: second.stages[0]!.id });
  const other = api(t, (await createTenant(t, 'board-other')).owner.token);
  await other.post('/api/deals', { title: 'Zephyr other tenant', value: 10 });
});

/** The board's answer counted straight from the database. */
async function rawBoard(where: string, ...params: unknown[]) {
  const rows = await t.raw.all<{ stage_id: string; currency: string; n: number; cents: number }>(
    `SELECT stage_id, currency, count(*) AS n, sum(value_cents) AS cents FROM deals
      WHERE tenant_id = ? AND pipeline_id = ? AND deleted_at IS NULL ${where}
      GROUP BY stage_id, currency ORDER BY stage_id, currency`,
    acme.tenantId,
    pipelineId,
    ...params,
  );
  return stages.map((s) => {
    const own = rows.filter((r) => r.stage_id === s.id);
    return {
      stageId: s.id,
      count: own.reduce((n, r) => n + Number(r.n), 0),
      totals: own.map((r) => ({ currency: r.currency, amount: Number(r.cents) / 100 })),
    };
  });
}

const board = (query: string) => owner.get<Board>(`/api/deals/board?pipelineId=${pipelineId}${query}`);
const shape = (b: Board) => b.stages.map((s) => ({ stageId: s.stageId, count: s.count, totals: s.totals }));

describe('GET /api/deals/board', () => {
  it('counts and sums per stage and currency exactly as the database does, every stage present, open deals by default', async () => {
    const open = await board('');
    expect(open.pipelineId).toBe(pipelineId);
    expect(open.stages.map((s) => [s.stageId, s.name, s.position, s.kind])).toEqual(stages.map((s, i) => [s.id, s.name, i, s.kind]));
    expect(shape(open)).toEqual(await rawBoard("AND status = 'open'"));
    // The stage no deal is in is there, empty; won and lost stages hold no open deal.
    const negotiation = open.stages.find((s) => s.name === 'Negotiation')!;
    expect(negotiation).toMatchObject({ count: 0, totals: [] });
    expect(open.stages.filter((s) => s.kind !== 'open').every((s) => s.count === 0)).toBe(true);
    expect(open.stages.reduce((n, s) => n + s.count, 0)).toBeGreaterThan(30);
    // Money as a deal's own `value`: decimal units, cents exact.
    const total = open.stages.flatMap((s) => s.totals).find((x) => x.currency === 'EUR')!.amount;
    expect(Math.round(total * 100)).toBe(total * 100);
  });

  it('narrows by status, owner, close dates and words, and each column agrees with the deal list', async () => {
    expect(shape(await board('&status=all'))).toEqual(await rawBoard(''));
    expect(shape(await board('&status=won'))).toEqual(await rawBoard("AND status = 'won'"));
    expect(shape(await board('&status=lost'))).toEqual(await rawBoard("AND status = 'lost'"));
    expect(shape(await board(`&status=all&ownerId=${memberId}`))).toEqual(await rawBoard('AND owner_id = ?', memberId));
    expect(shape(await board('&closeFrom=2026-12-15&closeTo=2027-01-10'))).toEqual(
      await rawBoard("AND status = 'open' AND expected_close_date >= ? AND expected_close_date <= ?", '2026-12-15', '2027-01-10'),
    );
    const zephyr = await board('&status=all&q=zeph');
    expect(shape(zephyr)).toEqual(await rawBoard("AND title LIKE 'Zephyr%'"));
    expect(zephyr.stages.reduce((n, s) => n + s.count, 0)).toBe(18);

    const filters = `&status=all&ownerId=${acme.owner.id}&closeFrom=2026-12-01`;
    const narrowed = await board(filters);
    for (const stage of narrowed.stages) {
      const list = await owner.get<Page<Rec>>(`/api/deals?pipelineId=${pipelineId}&stageId=${stage.stageId}${filters}&limit=1`);
      expect(list.total, stage.name).toBe(stage.count);
    }
  });

  it('refuses a missing pipeline, and another tenant’s or an unknown one is not found', async () => {
    await owner.raw('GET', '/api/deals/board', undefined, 400);
    await owner.raw('GET', '/api/deals/board?pipelineId=pip_01JD0000000000000000000000', undefined, 404);
    const stranger = await createTenant(t, 'board-stranger');
    await api(t, stranger.owner.token).raw('GET', `/api/deals/board?pipelineId=${pipelineId}`, undefined, 404);
    await owner.raw('GET', `/api/deals/board?pipelineId=${pipelineId}&status=maybe`, undefined, 400);
    await owner.raw('GET', `/api/deals/board?pipelineId=${pipelineId}&closeFrom=2026-02-30`, undefined, 400);
  });
});

describe('a board column, paged through the deal list', () => {
  it('pages one stage with keyset cursors, by value or by close date (some without one), with no gap and no repeat', async () => {
    const stage = stages[0]!;
    const filters = `pipelineId=${pipelineId}&stageId=${stage.id}&status=open`;
    const expected = (
      await t.raw.all<{ id: string }>(
        "SELECT id FROM deals WHERE tenant_id = ? AND stage_id = ? AND status = 'open' AND deleted_at IS NULL",
        acme.tenantId,
        stage.id,
      )
    ).map((r) => r.id);
    expect(expected.length).toBeGreaterThan(8);
    for (const sort of ['-value', 'value', 'expectedCloseDate', '-expectedCloseDate', 'title', '-createdAt']) {
      const { ids, total, pages } = await allPages(owner, `/api/deals?${filters}&sort=${sort}`, 3);
      expect(new Set(ids).size, sort).toBe(ids.length);
      expect([...ids].sort(), sort).toEqual([...expected].sort());
      expect(total).toBe(expected.length);
      expect(pages).toBe(Math.ceil(expected.length / 3));
    }
    // Close dates ascending, those without one last (descending: first), on either engine.
    const byDate = await owner.get<Page<Rec>>(`/api/deals?${filters}&sort=expectedCloseDate&limit=200`);
    const dates = byDate.data.map((d) => d.expectedCloseDate as string | null);
    const firstNull = dates.indexOf(null);
    expect(firstNull).toBeGreaterThan(0);
    expect(dates.slice(firstNull).every((d) => d === null)).toBe(true);
    expect(dates.slice(0, firstNull)).toEqual([...dates.slice(0, firstNull)].sort());
    const desc = await owner.get<Page<Rec>>(`/api/deals?${filters}&sort=-expectedCloseDate&limit=200`);
    expect(desc.data[0]!.expectedCloseDate).toBeNull();
  });

  it('takes the close-date range and status=all on the list too', async () => {
    const list = await owner.get<Page<Rec>>(
      `/api/deals?pipelineId=${pipelineId}&status=all&closeFrom=2027-01-01&closeTo=2027-01-31&limit=200`,
    );
    const raw = await t.raw.get<{ n: number }>(
      "SELECT count(*) AS n FROM deals WHERE tenant_id = ? AND pipeline_id = ? AND deleted_at IS NULL AND expected_close_date BETWEEN '2027-01-01' AND '2027-01-31'",
      acme.tenantId,
      pipelineId,
    );
    expect(list.total).toBe(Number(raw!.n));
    expect(list.data.every((d) => d.expectedCloseDate === '2027-01-10')).toBe(true);
  });
});

/** A valid new record of each type with a list route. */
const BODIES: Record<string, (i: number, companyId: string) => unknown> = {
  companies: (i) => ({ name: `Trash Co ${i}` }),
  contacts: (i) => ({ firstName: 'Trash', lastName: `Person ${i}` }),
  leads: (i) => ({ title: `Trash lead ${i}` }),
  deals: (i) => ({ title: `Trash deal ${i}` }),
  products: (i) => ({ name: `Trash product ${i}`, unitPrice: 10 }),
  activities: (i, companyId) => ({ type: 'note', subject: `Trash note ${i}`, companyId }),
  tasks: (i) => ({ title: `Trash task ${i}` }),
};

describe('trash lists', () => {
  it('every record type lists only its trashed records with trash=true, newest deletion first, paged; never another tenant’s', async () => {
    const tenant = await createTenant(t, 'trash');
    const a = api(t, tenant.owner.token);
    const other = await createTenant(t, 'trash-other');
    const b = api(t, other.owner.token);
    const company = await a.post<Rec>('/api/companies', { name: 'Keeper' });
    const otherCompany = await b.post<Rec>('/api/companies', { name: 'Other keeper' });
    for (const [type, body] of Object.entries(BODIES)) {
      const made: Rec[] = [];
      for (let i = 0; i < 4; i++) made.push(await a.post<Rec>(`/api/${type}`, body(i, company.id)));
      // Deleted in the order 2, 0, 3: the trash lists 3, 0, 2.
      const deletedAt: Record<string, string> = {};
      for (const i of [2, 0, 3]) {
        t.clock.advance(60_000);
        await a.del(`/api/${type}/${made[i]!.id}`);
        deletedAt[made[i]!.id] = t.clock.now().toISOString();
      }
      // The other tenant's trash, deleted later still: never in ours.
      const theirs = await b.post<Rec>(`/api/${type}`, body(9, otherCompany.id));
      t.clock.advance(60_000);
      await b.del(`/api/${type}/${theirs.id}`);

      const trash = await a.get<Page<Rec>>(`/api/${type}?trash=true`);
      expect(
        trash.data.map((r) => r.id),
        type,
      ).toEqual([made[3]!.id, made[0]!.id, made[2]!.id]);
      expect(trash.total, type).toBe(3);
      for (const r of trash.data) expect(r.deletedAt, type).toBe(deletedAt[r.id]);
      // Paged one at a time: the same order, nothing twice.
      const paged = await allPages(a, `/api/${type}?trash=true`, 1);
      expect(paged.ids, type).toEqual(trash.data.map((r) => r.id));
      // The old name does the same; the live list holds the rest.
      expect((await a.get<Page<Rec>>(`/api/${type}?deleted=true`)).data.map((r) => r.id)).toEqual(trash.data.map((r) => r.id));
      const live = await a.get<Page<Rec>>(`/api/${type}?limit=200`);
      expect(live.data.map((r) => r.id)).toContain(made[1]!.id);
      expect(live.data.some((r) => r.deletedAt !== null)).toBe(false);
      // Restored, it leaves the trash.
      await a.post(`/api/${type}/${made[0]!.id}/restore`, {}, 200);
      expect(
        (await a.get<Page<Rec>>(`/api/${type}?trash=true`)).data.map((r) => r.id),
        type,
      ).toEqual([made[3]!.id, made[2]!.id]);
      expect(
        (await b.get<Page<Rec>>(`/api/${type}?trash=true`)).data.map((r) => r.id),
        type,
      ).toEqual([theirs.id]);
    }
  });
});
