import { Link } from '@tanstack/react-router';
import { useId } from 'react';

/*
 * The dashboard's charts: inline SVG, nothing fetched. Each chart is a list of links (one per
 * bar: the label, the figure and where it leads), so it reads as a list to a screen reader and
 * every item opens the matching filtered list; the SVG bars are drawn beside the words.
 */

export interface Bar {
  /** A readable label ("Cold call", not "cold_call"). */
  label: string;
  value: number;
  /** The figure as read ("EUR 12,000 · 3 deals"); the value by default. */
  text?: string;
  /** The filtered list this bar stands for. */
  to: string;
  search?: Record<string, string>;
  tone?: 'won' | 'lost';
}

function ChartFrame({ title, empty, children }: { title: string; empty: boolean; children: React.ReactNode }) {
  const id = useId();
  return (
    <figure className="chart-figure" aria-labelledby={id}>
      <figcaption id={id} className="chart-title">
        {title}
      </figcaption>
      {empty ? <p className="empty">Nothing yet.</p> : children}
    </figure>
  );
}

/** Horizontal bars, longest for the largest value; `funnel` centres them, as stages narrowing down. */
export function BarChart({ title, bars, funnel = false }: { title: string; bars: Bar[]; funnel?: boolean }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ChartFrame title={title} empty={bars.length === 0 || bars.every((b) => b.value === 0)}>
      <ul className={`bar-chart${funnel ? ' funnel' : ''}`}>
        {bars.map((b) => {
          const w = b.value === 0 ? 0 : Math.max(1.5, (100 * b.value) / max);
          return (
            <li key={b.label}>
              <Link to={b.to} search={b.search} className="bar-row">
                <span className="bar-label">{b.label}</span>
                <svg className="bar-track" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">
                  <rect x={funnel ? (100 - w) / 2 : 0} y="0" width={w} height="10" rx="1" className={`bar${b.tone ? ` ${b.tone}` : ''}`} />
                </svg>
                <span className="bar-value">{b.text ?? b.value.toLocaleString('en')}</span>
              </Link>
            </li>
          );
        })}
      </ul>
    </ChartFrame>
  );
}

export interface MonthPair {
  month: string;
  won: number;
  lost: number;
}

const monthName = (month: string, style: 'short' | 'long') =>
  new Date(`${month}-01T00:00:00Z`).toLocaleString('en', {
    month: style,
    ...(style === 'long' ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  });

/** Won and lost per month: paired columns; each column links to the won (or lost) deals. */
export function WonLostChart({
  title,
  months,
  link,
}: {
  title: string;
  months: MonthPair[];
  link: (status: 'won' | 'lost') => { to: string; search?: Record<string, string> };
}) {
  const max = Math.max(1, ...months.flatMap((m) => [m.won, m.lost]));
  const bar = (m: MonthPair, status: 'won' | 'lost') => {
    const n = m[status];
    const h = (100 * n) / max;
    const graphic = (
      <svg className="col-track" viewBox="0 0 10 100" preserveAspectRatio="none" aria-hidden="true" focusable="false">
        <rect x="0" y={100 - h} width="10" height={h} className={`bar ${status}`} />
      </svg>
    );
    const words = `${monthName(m.month, 'long')}: ${n} ${status}`;
    if (n === 0)
      return (
        <span className="col" title={words}>
          {graphic}
        </span>
      );
    const target = link(status);
    return (
      <Link className="col" to={target.to} search={target.search} title={words}>
        {graphic}
        <span className="sr-only">{words}</span>
      </Link>
    );
  };
  return (
    <ChartFrame title={title} empty={months.every((m) => m.won === 0 && m.lost === 0)}>
      <ul className="col-chart">
        {months.map((m) => (
          <li key={m.month}>
            <span className="col-pair">
              {bar(m, 'won')}
              {bar(m, 'lost')}
            </span>
            <span className="col-label" aria-hidden="true">
              {monthName(m.month, 'short')}
            </span>
          </li>
        ))}
      </ul>
      <p className="legend" aria-hidden="true">
        <span className="swatch won" /> won <span className="swatch lost" /> lost
      </p>
      {/* A wrapper: a table does not shrink to the 1px of .sr-only and would widen the page. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">Month</th>
              <th scope="col">Won</th>
              <th scope="col">Lost</th>
            </tr>
          </thead>
          <tbody>
            {months.map((m) => (
              <tr key={m.month}>
                <th scope="row">{monthName(m.month, 'long')}</th>
                <td>{m.won}</td>
                <td>{m.lost}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartFrame>
  );
}
