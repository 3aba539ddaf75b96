import { sql } from 'drizzle-orm';
import type { DataLayer } from './data-layer';

/*
 * Figures that only change when the data does: list totals (counting a 10,000-contact tenant
 * is 76-78% of a 50-row list's CPU when recounted each time) and the dashboard's analytics (a
 * dozen aggregate queries, 89%): bench/speed-ups.bench.ts.
 * On SQLite a value is kept until anything in the database changes: PRAGMA data_version on the
 * read connection moves with every commit by another connection (the server's writer, the CLI
 * beside the server), so a remembered value is never stale, only recomputed more often on a busy
 * instance. Inside a transaction (its own uncommitted writes) and on PostgreSQL (several replicas
 * write, and nothing tells this one cheaply) nothing is kept: the value is computed each time.
 */
const CHANGE_STAMP = sql`SELECT data_version AS v FROM pragma_data_version`;

/** Values computed once per database state and key; the least recently used go first beyond `maxEntries`. */
export class UntilChangedCache<T> {
  private readonly perLayer = new WeakMap<DataLayer, Map<string, { stamp: number; value: T }>>();

  constructor(private readonly maxEntries: number) {}

  async get(layer: DataLayer, key: string, compute: () => Promise<T>): Promise<T> {
    if (layer.engine !== 'sqlite' || layer.inUnit()) return compute();
    let cache = this.perLayer.get(layer);
    if (!cache) this.perLayer.set(layer, (cache = new Map()));
    const stamp = Number((await layer.db('instance').get<{ v: number }>(CHANGE_STAMP))!.v);
    const hit = cache.get(key);
    if (hit && hit.stamp === stamp) {
      cache.delete(key);
      cache.set(key, hit);
      return hit.value;
    }
    const value = await compute();
    cache.delete(key);
    cache.set(key, { stamp, value });
    if (cache.size > this.maxEntries) cache.delete(cache.keys().next().value!);
    return value;
  }
}
