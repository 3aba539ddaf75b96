import { sql } from 'drizzle-orm';
import type { Queryable } from '../db/client';

/*
 * Figures that only change when the data does: list totals (counting a 1,000-row tenant cost
 * more than reading the page) and the dashboard's analytics (a dozen aggregate queries).
 * A value is kept until anything in the database changes: SQLite's total_changes() moves with
 * every write on this connection and PRAGMA data_version with every commit by another one
 * (the CLI beside the server), so a remembered value is never stale, only recomputed more
 * often on a busy instance.
 */
const CHANGE_STAMP = sql`SELECT total_changes() AS c, (SELECT data_version FROM pragma_data_version) AS v`;

function changeStamp(db: Queryable): string {
  const row = db.get<{ c: number; v: number }>(CHANGE_STAMP);
  return `${row.c}:${row.v}`;
}

/** Values computed once per database state and key; the least recently used go first beyond `maxEntries`. */
export class UntilChangedCache<T> {
  private readonly perConnection = new WeakMap<Queryable, Map<string, { stamp: string; value: T }>>();

  constructor(private readonly maxEntries: number) {}

  get(db: Queryable, key: string, compute: () => T): T {
    let cache = this.perConnection.get(db);
    if (!cache) this.perConnection.set(db, (cache = new Map()));
    const stamp = changeStamp(db);
    const hit = cache.get(key);
    if (hit && hit.stamp === stamp) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.value;
    }
    const value = compute();
    cache.delete(key);
    cache.set(key, { stamp, value });
    if (cache.size > this.maxEntries) cache.delete(cache.keys().next().value!);
    return value;
  }
}
