import { describe, expect, it } from 'vitest';
import { addMember, createTenant } from '../helpers/fixtures';
import { createTestApp } from '../helpers/test-app';
import { api, type Page } from './crm-helpers';

type Stage = { id: string; name: string };

describe('GET /api/analytics', () => {
  it('matches a small hand-computed fixture', async () => {
    const t = await createTestApp(); // clock: Wednesday 2026-11-25 09:00 UTC
    const acme = await createTenant(t, 'acme');
    const owner = api(t, acme.owner.token);
    const memberUser = await addMember(t, acme, 'member');
    const member = api(t, memberUser.token);
    const stages = (await owner.get<Page<{ stages: Stage[] }>>('/api/pipelines')).data[0]!.stages;
    const stage = (name: string) => stages.find((s) => s.name === name)!.id;

    const company = await owner.post<{ id: string }>('/api/companies', { name: 'Fixture Co' });
    await owner.post('/api/leads', { title: 'L1', source: 'website' });
    await owner.post('/api/leads', { title: 'L2', source: 'website', stage: 'contacted' });
    await owner.post('/api/leads', { title: 'L3', source: 'referral', stage: 'won' });
    await owner.post('/api/leads', { title: 'L4', source: 'event', stage: 'lost' });

    await owner.post('/api/deals', { title: 'D1', value: 1000 }); // New 10%: weighted 100
    await owner.post('/api/deals', { title: 'D2', value: 500, probability: 50 }); // own 50%: weighted 250
    await owner.post('/api/deals', { title: 'D3', value: 2000, stageId: stage('Proposal') }); // 50%: weighted 1000
    const d4 = await owner.post<{ id: string }>('/api/deals', { title: 'D4', value: 3000 });
    await owner.post(`/api/deals/${d4.id}/move`, { stageId: stage('Won') }, 200);
    const d5 = await owner.post<{ id: string }>('/api/deals', { title: 'D5', value: 700 });
    await owner.post(`/api/deals/${d5.id}/move`, { stageId: stage('Lost'), lostReason: 'Price' }, 200);
    const d6 = await owner.post<{ id: string }>('/api/deals', { title: 'D6', value: 100 });
    t.clock.set(new Date('2026-10-10T12:00:00Z'));
    await owner.post(`/api/deals/${d6.id}/move`, { stageId: stage('Won') }, 200);
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
    const trashed = await owner.post<{ id: string }>('/api/deals', { title: 'Trashed', value: 99_999 });
    await owner.del(`/api/deals/${trashed.id}`);

    await owner.post('/api/activities', { type: 'call', subject: 'A1', companyId: company.id, occurredAt: '2026-11-24T10:00:00Z' });
    await owner.post('/api/activities', { type: 'email', subject: 'A2', companyId: company.id, occurredAt: '2026-11-23T00:00:00Z' });
    await member.post('/api/activities', { type: 'call', subject: 'A3', companyId: company.id, occurredAt: '2026-11-25T08:00:00Z' });
    await member.post('/api/activities', { type: 'note', subject: 'A4', companyId: company.id, occurredAt: '2026-11-22T23:59:00Z' });
    await owner.post('/api/tasks', { title: 'T1' });
    await owner.post('/api/tasks', { title: 'T2', assigneeId: memberUser.id });

    const a = await owner.get<Record<string, any>>('/api/analytics');

    expect(a.totals).toEqual({
      companies: 1,
      contacts: 0,
      leads: 4,
      deals: { open: 3, won: 2, lost: 1 },
      activities: 4,
      openTasks: 2,
      myOpenTasks: 1,
    });
    const byKey = (rows: { count: number }[], key: string) =>
      Object.fromEntries(rows.map((r) => [(r as Record<string, unknown>)[key], r.count]));
    expect(byKey(a.leadsByStage, 'stage')).toEqual({ new: 1, contacted: 1, won: 1, lost: 1 });
    expect(byKey(a.leadsBySource, 'source')).toEqual({ website: 2, referral: 1, event: 1 });
    expect(a.leadConversion).toEqual({ leads: 4, won: 1, converted: 0, wonRate: 0.25 });

    expect(
      a.openPipeline.map((r: Record<string, unknown>) => ({
        stage: r.stage,
        count: r.count,
        value: r.value,
        weightedValue: r.weightedValue,
        currency: r.currency,
      })),
    ).toEqual([
      { stage: 'New', count: 2, value: 1500, weightedValue: 350, currency: 'USD' },
      { stage: 'Proposal', count: 1, value: 2000, weightedValue: 1000, currency: 'USD' },
    ]);

    expect(a.wonLostPerMonth).toHaveLength(12);
    expect(a.wonLostPerMonth[0].month).toBe('2025-12');
    expect(a.wonLostPerMonth.at(-2)).toEqual({ month: '2026-10', won: 1, lost: 0, wonValue: { USD: 100 } });
    expect(a.wonLostPerMonth.at(-1)).toEqual({ month: '2026-11', won: 1, lost: 1, wonValue: { USD: 3000 } });
    expect(a.wonLostPerMonth.slice(0, 10).every((m: { won: number; lost: number }) => m.won === 0 && m.lost === 0)).toBe(true);

    // Weeks start on Monday: 2026-11-23 this week, 2026-11-16 the week before.
    const weekly = a.activitiesPerUserWeek
      .map((r: Record<string, unknown>) => `${r.userId === acme.owner.id ? 'owner' : 'member'} ${r.week} ${r.count}`)
      .sort();
    expect(weekly).toEqual(['member 2026-11-16 1', 'member 2026-11-23 1', 'owner 2026-11-23 2']);
  });
});
