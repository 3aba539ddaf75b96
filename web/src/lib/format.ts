/** How numbers, money and dates read in the UI: one place, so every screen writes them alike. */

export const money = (value: number, currency = '') =>
  `${currency ? `${currency} ` : ''}${value.toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: value % 1 ? 2 : 0 })}`;

export const shortDate = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '';

export const dayDate = (iso: string | null | undefined) => (iso ? new Date(iso).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '');

export const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
