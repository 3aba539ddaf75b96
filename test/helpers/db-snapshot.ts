import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Row counts and a content checksum of every table: two snapshots that
 * compare equal prove a request changed nothing.
 */
export function snapshot(
  sqlite: Database.Database,
  options: { exclude?: string[] } = {},
): Record<string, { rows: number; sha256: string }> {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
    name: string;
  }[];
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const { name } of tables) {
    if (options.exclude?.includes(name)) continue;
    // Sorted in memory: some tables (FTS5's shadow tables) have no rowid to order by.
    const rows = (sqlite.prepare(`SELECT * FROM "${name}"`).raw().all() as unknown[])
      .map((r) => JSON.stringify(r, (_k, v) => (Buffer.isBuffer(v) ? v.toString('hex') : v)))
      .sort();
    out[name] = { rows: rows.length, sha256: createHash('sha256').update(rows.join('\n')).digest('hex') };
  }
  return out;
}
