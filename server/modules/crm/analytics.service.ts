import { and, count, eq, gte, isNotNull, isNull, sql, sum } from 'drizzle-orm';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, leads, pipelineStages, tasks } from '../../db/schema-crm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { RequestContext } from '../../lib/context';
import type { DataLayer } from '../../data/data-layer';
import { fromCents } from './record-kit';
import { UntilChangedCache } from '../../data/change-cache';

const MONTHS = 12;
const WEEKS = 12;

/** The tenant's figures per calendar window, until the data changes (one small object per tenant). */
const kept = new UntilChangedCache<Figures>(200);

type Figures = Awaited<ReturnType<typeof tenantFigures>>;

/**
 * Everything the dashboard draws, in one call. Months and weeks are UTC
 * calendar buckets; weeks start on Monday. Money is summed per currency.
 * A dashboard asks again on every visit, and a dozen aggregate queries cost
 * about a millisecond, so the tenant's figures are kept until anything is
 * written (`generatedAt` says when they were computed); only the caller's own
 * open tasks are counted per request.
 */
export async function analytics(ctx: RequestContext) {
  const now = ctx.deps.clock.now();
  const { monthStart, weekStart } = windows(now);
  const key = `${ctx.scope.tenantId} ${monthStart.getTime()} ${weekStart.getTime()}`;
  return withCallersTasks(ctx, await kept.get(ctx.scope.data, key, () => tenantFigures(ctx, now)));
}

/** The answer computed afresh, nothing kept (what a first visit after a write costs; the benchmark times it). */
export async function computeAnalytics(ctx: RequestContext) {
  return withCallersTasks(ctx, await tenantFigures(ctx, ctx.deps.clock.now()));
}

async function withCallersTasks(ctx: RequestContext, figures: Figures) {
  const user = ctx.auth.user;
  const myOpenTasks = user
    ? await ctx.scope.count(tasks, isNull(tasks.deletedAt), eq(tasks.done, false), eq(tasks.assigneeId, user.id))
    : 0;
  return { ...figures, totals: { ...figures.totals, myOpenTasks } };
}

/** The calendar windows the figures cover: twelve months and twelve weeks up to now. */
function windows(now: Date) {
  return {
    monthStart: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - (MONTHS - 1), 1)),
    weekStart: mondayUtc(now, WEEKS - 1),
  };
}

/**
 * A time's UTC calendar month as 'YYYY-MM', and the Monday starting its UTC week as 'YYYY-MM-DD':
 * SQLite stores times as epoch milliseconds and has strftime()/date(); PostgreSQL stores
 * timestamptz and has to_char()/date_trunc(). Both spell the same strings. No bound parameters
 * inside: the expressions are repeated in GROUP BY, where PostgreSQL compares them as text.
 */
function calendarBuckets(engine: DataLayer['engine']) {
  return engine === 'postgres'
    ? {
        month: (column: SQLiteColumn) => sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')`,
        week: (column: SQLiteColumn) => sql<string>`to_char(date_trunc('week', ${column} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')`,
      }
    : {
        month: (column: SQLiteColumn) => sql<string>`strftime('%Y-%m', ${column} / 1000, 'unixepoch')`,
        // Days since the Unix epoch, shifted so weeks start on Monday (1970-01-01 was a Thursday).
        week: (column: SQLiteColumn) => sql<string>`date(((${column} / 86400000 + 3) / 7) * 7 * 86400 - 3 * 86400, 'unixepoch')`,
      };
}

async function tenantFigures(ctx: RequestContext, now: Date) {
  const { monthStart, weekStart } = windows(now);
  const { scope } = ctx;
  const q = scope.query;
  const countLive = (table: typeof companies | typeof contacts | typeof leads | typeof activities) =>
    scope.count(table, isNull(table.deletedAt));

  const buckets = calendarBuckets(scope.data.engine);

  const dealStatus = await q
    .select({ status: deals.status, n: count() })
    .from(deals)
    .where(scope.where(deals, isNull(deals.deletedAt)))
    .groupBy(deals.status)
    .all();
  const statusCount = (s: string) => dealStatus.find((d) => d.status === s)?.n ?? 0;

  const leadsByStage = await q
    .select({ stage: leads.stage, count: count() })
    .from(leads)
    .where(scope.where(leads, isNull(leads.deletedAt)))
    .groupBy(leads.stage)
    .all();
  const leadsBySource = await q
    .select({ source: leads.source, count: count() })
    .from(leads)
    .where(scope.where(leads, isNull(leads.deletedAt)))
    .groupBy(leads.source)
    .all();
  const totalLeads = leadsByStage.reduce((n, s) => n + s.count, 0);
  const wonLeads = leadsByStage.find((s) => s.stage === 'won')?.count ?? 0;
  const convertedLeads = await scope.count(leads, isNull(leads.deletedAt), isNotNull(leads.convertedAt));

  // A deal's own probability wins over its stage's.
  const probability = sql<number>`coalesce(${deals.probability}, ${pipelineStages.probability})`;
  const openPipeline = (
    await q
      .select({
        pipelineId: deals.pipelineId,
        stageId: deals.stageId,
        stage: pipelineStages.name,
        position: pipelineStages.position,
        currency: deals.currency,
        count: count(),
        valueCents: sum(deals.valueCents).mapWith(Number),
        weightedCents: sql<number>`sum(${deals.valueCents} * ${probability} / 100.0)`.mapWith(Number),
      })
      .from(deals)
      .innerJoin(pipelineStages, and(eq(pipelineStages.tenantId, deals.tenantId), eq(pipelineStages.id, deals.stageId)))
      .where(scope.where(deals, isNull(deals.deletedAt), eq(deals.status, 'open')))
      // The stage's name and position follow from its id; PostgreSQL still wants them grouped by.
      .groupBy(deals.pipelineId, deals.stageId, deals.currency, pipelineStages.name, pipelineStages.position)
      .orderBy(deals.pipelineId, pipelineStages.position)
      .all()
  ).map(({ valueCents, weightedCents, position: _position, ...rest }) => ({
    ...rest,
    value: fromCents(valueCents ?? 0) ?? 0,
    weightedValue: Math.round(weightedCents ?? 0) / 100,
  }));

  const month = buckets.month(deals.closedAt);
  const closedPerMonth = await q
    .select({ month, status: deals.status, count: count(), valueCents: sum(deals.valueCents).mapWith(Number), currency: deals.currency })
    .from(deals)
    .where(
      scope.where(
        deals,
        isNull(deals.deletedAt),
        isNotNull(deals.closedAt),
        gte(deals.closedAt, monthStart),
        sql`${deals.status} IN ('won', 'lost')`,
      ),
    )
    .groupBy(month, deals.status, deals.currency)
    .orderBy(month)
    .all();
  const wonLostPerMonth = monthsFrom(monthStart, MONTHS).map((m) => {
    const rows = closedPerMonth.filter((r) => r.month === m);
    const pick = (status: string) => rows.filter((r) => r.status === status);
    return {
      month: m,
      won: pick('won').reduce((n, r) => n + r.count, 0),
      lost: pick('lost').reduce((n, r) => n + r.count, 0),
      wonValue: byCurrency(pick('won')),
    };
  });

  const week = buckets.week(activities.occurredAt);
  const perUserWeek = await q
    .select({ userId: activities.authorId, name: users.name, week, count: count() })
    .from(activities)
    .leftJoin(users, and(eq(users.tenantId, activities.tenantId), eq(users.id, activities.authorId)))
    .where(scope.where(activities, isNull(activities.deletedAt), gte(activities.occurredAt, weekStart)))
    // The author's name follows from the id; PostgreSQL still wants it grouped by.
    .groupBy(activities.authorId, users.name, week)
    .orderBy(week)
    .all();

  const totals = {
    companies: await countLive(companies),
    contacts: await countLive(contacts),
    leads: totalLeads,
    deals: { open: statusCount('open'), won: statusCount('won'), lost: statusCount('lost') },
    activities: await countLive(activities),
    openTasks: await scope.count(tasks, isNull(tasks.deletedAt), eq(tasks.done, false)),
  };

  return {
    generatedAt: now.toISOString(),
    totals,
    leadsByStage,
    leadsBySource,
    leadConversion: {
      leads: totalLeads,
      won: wonLeads,
      converted: convertedLeads,
      wonRate: totalLeads === 0 ? 0 : Math.round((wonLeads / totalLeads) * 10_000) / 10_000,
    },
    openPipeline,
    wonLostPerMonth,
    activitiesPerUserWeek: perUserWeek.map((r) => ({ userId: r.userId, name: r.name ?? null, week: r.week, count: r.count })),
  };
}

function byCurrency(rows: { currency: string; valueCents: number | null }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) out[r.currency] = Math.round((out[r.currency] ?? 0) * 100 + (r.valueCents ?? 0)) / 100;
  return out;
}

function monthsFrom(start: Date, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    const d = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + i, 1));
    return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

/** Monday 00:00 UTC of the week `weeksBack` weeks before this one. */
function mondayUtc(now: Date, weeksBack: number): Date {
  const day = (now.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - day - weeksBack * 7));
}
