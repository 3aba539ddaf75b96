import { client, ok } from '../api';
import { barChart, wonLostChart } from '../charts';
import { h, money, shortDate } from '../dom';
import { writeControl } from '../session';
import type { Task } from '../types';

export async function dashboardView(): Promise<HTMLElement> {
  const [a, tasksPage] = await Promise.all([
    ok(client.api.analytics.$get()),
    ok(client.api.tasks.$get({ query: { view: 'mine', limit: '10' } })),
  ]);
  const tasks = tasksPage.data as unknown as Task[];
  const multiCurrency = new Set(a.openPipeline.map((p) => p.currency)).size > 1;
  const card = (title: string, ...body: Node[]) => h('section', { class: 'card' }, h('h2', null, title), ...body);
  const taskList =
    tasks.length === 0
      ? h('p', { class: 'empty' }, 'No open tasks. ')
      : h(
          'ul',
          { class: 'tasks' },
          tasks.map((t) => {
            const box = writeControl(
              h('input', {
                type: 'checkbox',
                id: `task-${t.id}`,
                onchange: async (e: Event) => {
                  const input = e.target as HTMLInputElement;
                  input.disabled = true;
                  await ok(client.api.tasks[':id'].$patch({ param: { id: t.id }, json: { done: true } }));
                  input.closest('li')?.classList.add('done');
                },
              }),
            );
            return h(
              'li',
              null,
              box,
              h('label', { for: box ? `task-${t.id}` : undefined }, t.title),
              t.dueAt ? h('span', { class: 'muted' }, ` due ${shortDate(t.dueAt)}`) : null,
            );
          }),
        );
  return h(
    'div',
    { class: 'dashboard', 'data-testid': 'dashboard' },
    h(
      'ul',
      { class: 'totals' },
      [
        ['Companies', a.totals.companies],
        ['Contacts', a.totals.contacts],
        ['Open deals', a.totals.deals.open],
        ['Won', a.totals.deals.won],
        ['My open tasks', a.totals.myOpenTasks],
      ].map(([k, v]) => h('li', null, h('strong', null, String(v)), ` ${k}`)),
    ),
    h(
      'div',
      { class: 'grid' },
      card(
        'Pipeline value by stage',
        barChart(
          'Open pipeline value by stage',
          a.openPipeline.map((p) => ({
            label: multiCurrency ? `${p.stage} ${p.currency}` : p.stage,
            value: p.value,
            text: money(p.value, p.currency),
          })),
        ),
      ),
      card(
        'Leads by stage',
        barChart(
          'Leads by stage',
          a.leadsByStage.map((s) => ({ label: s.stage, value: s.count })),
        ),
      ),
      card(
        'Leads by source',
        barChart(
          'Leads by source',
          a.leadsBySource.map((s) => ({ label: s.source, value: s.count })),
        ),
      ),
      card('Won and lost per month', wonLostChart('Deals won and lost per month', a.wonLostPerMonth)),
      card('My open tasks', taskList),
    ),
  );
}
