import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

/**
 * Row counts and a content checksum of every table: two snapshots that
 * compare equal prove a request changed nothing.
 */
export function snapshot(sqlite: Database.Database, options: { exclude?: string[] } = {}): Record<string, { rows: number; sha256: string }> {
  const tables = sqlite
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { name: string }[];
  const out: Record<string, { rows: number; sha256: string }> = {};
  for (const { name } of tables) {
    if (options.exclude?.includes(name)) continue;
    const rows = sqlite.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).raw().all();
    out[name] = { rows: rows.length, sha256: createHash('sha256').update(JSON.stringify(rows)).digest('hex') };
  }
  return out;
}
