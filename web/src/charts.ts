import { h, svg } from './dom';

export interface Bar {
  label: string;
  value: number;
  text?: string;
}

/** Horizontal bars in inline SVG, scaled to the width of their card; the numbers are also in a table for screen readers. */
export function barChart(title: string, bars: Bar[]): HTMLElement {
  if (bars.length === 0 || bars.every((b) => b.value === 0)) return h('p', { class: 'empty' }, 'Nothing yet.');
  const max = Math.max(...bars.map((b) => b.value), 1);
  const row = 28;
  const labelW = 120;
  const width = 400;
  const chart = svg(
    'svg',
    {
      viewBox: `0 0 ${width} ${bars.length * row}`,
      class: 'chart',
      role: 'img',
      'aria-label': title,
      preserveAspectRatio: 'xMinYMin meet',
    },
    bars.map((b, i) => {
      const w = Math.max(1, ((width - labelW - 90) * b.value) / max);
      const y = i * row;
      return svg(
        'g',
        null,
        svg('text', { x: 0, y: y + 18, class: 'chart-label' }, b.label.length > 16 ? `${b.label.slice(0, 15)}…` : b.label),
        svg(
          'rect',
          { x: labelW, y: y + 5, width: w, height: row - 10, rx: 3, class: 'bar' },
          svg('title', null, `${b.label}: ${b.text ?? b.value}`),
        ),
        svg('text', { x: labelW + w + 6, y: y + 18, class: 'chart-value' }, b.text ?? String(b.value)),
      );
    }),
  );
  return h(
    'figure',
    null,
    chart,
    dataTable(
      title,
      ['', 'value'],
      bars.map((b) => [b.label, b.text ?? String(b.value)]),
    ),
  );
}

/** Won and lost per month: paired vertical bars. */
export function wonLostChart(title: string, months: { month: string; won: number; lost: number }[]): HTMLElement {
  if (months.every((m) => m.won === 0 && m.lost === 0)) return h('p', { class: 'empty' }, 'No deals won or lost in the last months.');
  const max = Math.max(...months.flatMap((m) => [m.won, m.lost]), 1);
  const height = 140;
  const slot = 32;
  const width = months.length * slot + 10;
  const short = (month: string) => new Date(`${month}-01T00:00:00Z`).toLocaleString('en', { month: 'short', timeZone: 'UTC' });
  const chart = svg(
    'svg',
    { viewBox: `0 0 ${width} ${height + 24}`, class: 'chart', role: 'img', 'aria-label': title },
    months.map((m, i) => {
      const x = 5 + i * slot;
      const hw = (m.won * height) / max;
      const hl = (m.lost * height) / max;
      return svg(
        'g',
        null,
        svg('rect', { x, y: height - hw, width: 13, height: hw, class: 'bar won' }, svg('title', null, `${m.month}: ${m.won} won`)),
        svg(
          'rect',
          { x: x + 14, y: height - hl, width: 13, height: hl, class: 'bar lost' },
          svg('title', null, `${m.month}: ${m.lost} lost`),
        ),
        svg('text', { x: x + 13, y: height + 16, 'text-anchor': 'middle', class: 'chart-label' }, short(m.month)),
      );
    }),
  );
  return h(
    'figure',
    null,
    chart,
    h('figcaption', { class: 'legend' }, h('span', { class: 'swatch won' }), 'won ', h('span', { class: 'swatch lost' }), 'lost'),
    dataTable(
      title,
      ['month', 'won', 'lost'],
      months.map((m) => [m.month, String(m.won), String(m.lost)]),
    ),
  );
}

function dataTable(caption: string, head: string[], rows: string[][]): HTMLElement {
  return h(
    'table',
    { class: 'sr-only' },
    h('caption', null, caption),
    h(
      'tr',
      null,
      head.map((c) => h('th', null, c)),
    ),
    rows.map((r) =>
      h(
        'tr',
        null,
        r.map((c) => h('td', null, c)),
      ),
    ),
  );
}
