import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { BarChart, WonLostChart, type Bar } from '../components/chart';
import { ErrorBox, Loading } from '../components/errors';
import { Field } from '../components/field';
import { defaultPipeline, usePipelines } from '../components/form-pipelines';
import { Screen } from '../components/screen';
import { useToast } from '../components/toast';
import { client, ok } from '../lib/api';
import { count, money, shortDate } from '../lib/format';
import { humanize, LEAD_STAGES } from '../lib/records';
import { useWriteAccess } from '../lib/session';
import type { Analytics, Pipeline, Task } from '../lib/types';

/*
 * The dashboard: the organisation's totals, one pipeline's open deals by stage (amounts kept
 * per currency, never added across), leads in funnel order and by source, deals won and lost
 * per month, and my open tasks. Every bar and figure opens the list it counts.
 */

const ANALYTICS_KEY = ['analytics'] as const;
const MY_TASKS_KEY = ['tasks', 'mine', 'dashboard'] as const;

export default function Dashboard() {
  const analytics = useQuery({ queryKey: ANALYTICS_KEY, queryFn: () => ok(client.api.analytics.$get()) });
  const pipelines = usePipelines();
  const a = analytics.data;
  return (
    <div className="dashboard" data-testid="dashboard">
      <Screen title="Dashboard" ready={!analytics.isPending}>
        {analytics.isPending ? <Loading /> : null}
        {analytics.isError ? <ErrorBox error={analytics.error} retry={() => void analytics.refetch()} /> : null}
        {a ? (
          <>
            <Totals a={a} />
            <div className="grid">
              <PipelineCard a={a} pipelines={pipelines.data ?? []} loading={pipelines.isPending} />
              <section className="card" aria-labelledby="dash-leads-stage">
                <h2 id="dash-leads-stage">Leads by stage</h2>
                <BarChart
                  title={`Leads by stage, in funnel order (${count(a.totals.leads, 'lead')})`}
                  funnel
                  bars={LEAD_STAGES.map((stage): Bar => ({
                    label: humanize(stage),
                    value: a.leadsByStage.find((s) => s.stage === stage)?.count ?? 0,
                    to: '/leads',
                    search: { stage },
                    ...(stage === 'won' || stage === 'lost' ? { tone: stage } : {}),
                  }))}
                />
                {a.leadConversion.leads > 0 ? (
                  <p className="muted">
                    {Math.round(a.leadConversion.wonRate * 100)}% of leads won; {count(a.leadConversion.converted, 'lead')} converted to a
                    contact or deal.
                  </p>
                ) : null}
              </section>
              <section className="card" aria-labelledby="dash-leads-source">
                <h2 id="dash-leads-source">Leads by source</h2>
                <BarChart
                  title="Leads by source, most first"
                  bars={[...a.leadsBySource]
                    .filter((s) => s.count > 0)
                    .sort((x, y) => y.count - x.count)
                    .map((s) => ({ label: humanize(s.source), value: s.count, to: '/leads', search: { source: s.source } }))}
                />
              </section>
              <section className="card" aria-labelledby="dash-won-lost">
                <h2 id="dash-won-lost">Won and lost per month</h2>
                <WonLostChart
                  title="Deals won and lost per month, last 12 months (all pipelines)"
                  months={a.wonLostPerMonth}
                  link={(status) => ({ to: '/deals/list', search: { status } })}
                />
              </section>
              <MyTasks />
            </div>
          </>
        ) : null}
      </Screen>
    </div>
  );
}

function Totals({ a }: { a: Analytics }) {
  const items: [label: string, n: number, to: string, search?: Record<string, string>][] = [
    ['Companies', a.totals.companies, '/companies'],
    ['Contacts', a.totals.contacts, '/contacts'],
    ['Leads', a.totals.leads, '/leads'],
    ['Open deals', a.totals.deals.open, '/deals/list', { status: 'open' }],
    ['Won', a.totals.deals.won, '/deals/list', { status: 'won' }],
    ['My open tasks', a.totals.myOpenTasks, '/tasks'],
  ];
  return (
    <ul className="totals" aria-label="Totals">
      {items.map(([label, n, to, search]) => (
        <li key={label}>
          <Link to={to} search={search}>
            <strong>{n.toLocaleString('en')}</strong> {label}
          </Link>
        </li>
      ))}
    </ul>
  );
}

/** One pipeline's open deals by stage: a chart per currency, every stage in board order (empty ones too). */
function PipelineCard({ a, pipelines, loading }: { a: Analytics; pipelines: Pipeline[]; loading: boolean }) {
  const search = useSearch({ strict: false }) as Record<string, string>;
  const navigate = useNavigate();
  const pipeline = pipelines.find((p) => p.id === search.pipelineId) ?? defaultPipeline(pipelines);
  const rows = a.openPipeline.filter((r) => r.pipelineId === pipeline?.id);
  const currencies = [...new Set(rows.map((r) => r.currency))].sort();
  const openStages = pipeline?.stages.filter((s) => s.kind === 'open') ?? [];
  return (
    <section className="card pipeline-card" aria-labelledby="dash-pipeline">
      <div className="card-head">
        <h2 id="dash-pipeline">Open deals by stage</h2>
        {pipelines.length > 1 && pipeline ? (
          <Field label="Pipeline">
            <select
              name="pipelineId"
              value={pipeline.id}
              onChange={(e) => void navigate({ to: '.', search: { ...search, pipelineId: e.target.value }, replace: true })}
            >
              {pipelines.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
      </div>
      {loading ? <Loading /> : null}
      {pipeline && currencies.length === 0 ? (
        <p className="empty">
          No open deals in {pipeline.name}.{' '}
          <Link to="/deals" search={pipelines.length > 1 ? { pipelineId: pipeline.id } : {}}>
            Open the board
          </Link>
        </p>
      ) : null}
      {pipeline
        ? currencies.map((currency) => {
            const mine = rows.filter((r) => r.currency === currency);
            const weighted = mine.reduce((n, r) => n + r.weightedValue, 0);
            const total = mine.reduce((n, r) => n + r.value, 0);
            return (
              <div key={currency} className="currency-chart">
                <BarChart
                  title={`${pipeline.name}, ${currency}: ${money(total, currency)} open (${money(Math.round(weighted * 100) / 100, currency)} weighted)`}
                  bars={openStages.map((s) => {
                    const r = mine.find((x) => x.stageId === s.id);
                    return {
                      label: s.name,
                      value: r?.value ?? 0,
                      text: `${money(r?.value ?? 0, currency)} · ${count(r?.count ?? 0, 'deal')}`,
                      to: '/deals/list',
                      search: { pipelineId: pipeline.id, stageId: s.id, status: 'open' },
                    };
                  })}
                />
              </div>
            );
          })
        : null}
    </section>
  );
}

type MyTask = Task;
const ROUTE: Record<NonNullable<Task['record']>['type'], string> = {
  deal: 'deals',
  lead: 'leads',
  contact: 'contacts',
  company: 'companies',
};

/** The record a task is about (the server names it), as a link. */
function taskRecord(t: MyTask): { to: string; name: string } | null {
  if (!t.record) return null;
  return { to: `/${ROUTE[t.record.type]}/${t.record.id}`, name: t.record.name ?? `the ${t.record.type}` };
}

function MyTasks() {
  const qc = useQueryClient();
  const toast = useToast();
  const access = useWriteAccess();
  const tasks = useQuery({
    queryKey: MY_TASKS_KEY,
    queryFn: async () =>
      (await ok(client.api.tasks.$get({ query: { view: 'mine', limit: '10' } }))) as unknown as { data: MyTask[]; total: number },
  });
  const done = useMutation({
    mutationFn: (t: MyTask) => ok(client.api.tasks[':id'].$patch({ param: { id: t.id }, json: { done: true } as never })),
    onSuccess: (_r, t) => {
      toast(`Done: “${t.title}”.`);
      void qc.invalidateQueries({ queryKey: ['tasks'] });
      void qc.invalidateQueries({ queryKey: ANALYTICS_KEY });
      void qc.invalidateQueries({ queryKey: ['timeline'] });
    },
    onError: (e, t) => toast(`“${t.title}” is not marked done: ${(e as Error).message}`, { kind: 'error' }),
  });
  const list = tasks.data?.data ?? [];
  return (
    <section className="card" aria-labelledby="dash-tasks">
      <h2 id="dash-tasks">My open tasks</h2>
      {tasks.isPending ? <Loading /> : null}
      {tasks.isError ? <ErrorBox error={tasks.error} retry={() => void tasks.refetch()} /> : null}
      {tasks.isSuccess && list.length === 0 ? <p className="empty">No open tasks.</p> : null}
      {list.length > 0 ? (
        <ul className="tasks">
          {list.map((t) => {
            const record = taskRecord(t);
            const overdue = t.dueAt && new Date(t.dueAt).getTime() < Date.now();
            const pending = done.isPending && done.variables?.id === t.id;
            return (
              <li key={t.id}>
                {access.visible ? (
                  <input
                    type="checkbox"
                    id={`task-${t.id}`}
                    disabled={pending || Boolean(access.disabledReason)}
                    title={access.disabledReason ?? 'Mark as done'}
                    aria-describedby={access.disabledReason ? 'license-banner' : undefined}
                    onChange={() => done.mutate(t)}
                  />
                ) : null}
                <span className="task-text">
                  <label htmlFor={access.visible ? `task-${t.id}` : undefined}>{t.title}</label>
                  {t.dueAt ? (
                    <span className={overdue ? 'due overdue' : 'muted'}>
                      {' '}
                      {overdue ? 'overdue since' : 'due'} {shortDate(t.dueAt)}
                    </span>
                  ) : null}
                  {record ? (
                    <>
                      {' · '}
                      <Link to={record.to} className="task-link">
                        {record.name}
                      </Link>
                    </>
                  ) : null}
                </span>
              </li>
            );
          })}
        </ul>
      ) : null}
      <p>
        <Link to="/tasks">All my tasks{tasks.data && tasks.data.total > list.length ? ` (${tasks.data.total})` : ''}</Link>
      </p>
    </section>
  );
}
