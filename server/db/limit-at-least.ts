import { sql, type SQL } from 'drizzle-orm';

/** The API's page sizes plus the one extra row that tells whether another page follows. */
const LADDER = [11, 21, 26, 51, 101, 201];

/**
 * A LIMIT of at least `n` rows, written into the statement's text instead of bound as a
 * parameter: SQLite reads a bound LIMIT's value while planning, so a statement with `LIMIT ?`
 * was compiled again on every run (about 65 µs, 4.9-5.6% of GET /api/contacts?limit=50 in four
 * runs of bench/speed-ups.bench.ts: the speed-up nearest the 5% line, the first to go). The value
 * is rounded up to one of a few steps, so a client varying `limit` cannot fill the statement
 * cache with texts; callers keep the first `n` rows.
 */
export function limitAtLeast(n: number): SQL {
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`A row limit must be a whole number, not ${n}`);
  const step = LADDER.find((s) => s >= n) ?? Math.ceil(n / 256) * 256;
  return sql.raw(String(step));
}
