import { createHash } from 'node:crypto';
import type { RawDatabase } from './raw-db';

/**
 * Row counts and a content checksum of every table: two snapshots that
 * compare equal prove a request changed nothing.
 */
export async function snapshot(
  raw: RawDatabase,
  options: { exclude?: string[] } = {},
): Promise<Record<string, { rows: number; sha256: string }>> {
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const name of await raw.tables()) {
    if (options.exclude?.includes(name)) continue;
    // Sorted in memory: some tables (FTS5's shadow tables) have no rowid to order by.
    const rows = (await raw.all(`SELECT * FROM "${name}"`))
      .map((r) => JSON.stringify(Object.values(r), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
    out[name] = { rows: rows.length, sha256: createHash('sha256').update(rows.join('\n')).digest('hex') };
  }
  return out;
}
