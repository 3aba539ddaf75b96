import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';

function tenantTables(sqlite: Database.Database): string[] {
  const tables = sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
    name: string;
  }[];
  return tables
    .map((t) => t.name)
    .filter((name) => (sqlite.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).some((c) => c.name === 'tenant_id'));
}

/** Every row a tenant owns, table by table, read straight from SQLite (not through the code under test). */
export function tenantRows(sqlite: Database.Database, tenantId: string): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of tenantTables(sqlite)) {
    out[table] = sqlite.prepare(`SELECT * FROM "${table}" WHERE tenant_id = ? ORDER BY rowid`).all(tenantId) as Record<string, unknown>[];
  }
  out.tenants = sqlite.prepare('SELECT * FROM tenants WHERE id = ?').all(tenantId) as Record<string, unknown>[];
  return out;
}

export function tenantChecksum(sqlite: Database.Database, tenantId: string): string {
  return createHash('sha256')
    .update(JSON.stringify(tenantRows(sqlite, tenantId)))
    .digest('hex');
}

/** Ids of everything the tenant owns (every `id` column and the tenant id itself). */
export function tenantIds(sqlite: Database.Database, tenantId: string): string[] {
  const ids = new Set<string>([tenantId]);
  for (const rows of Object.values(tenantRows(sqlite, tenantId))) for (const row of rows) if (typeof row.id === 'string') ids.add(row.id);
  return [...ids];
}

/**
 * Values that identify this tenant's data and appear nowhere in the other's:
 * if one shows up in a response to the other tenant, isolation is broken.
 */
export function distinctiveValues(sqlite: Database.Database, tenantId: string, otherTenantId: string): string[] {
  const collect = (id: string) => {
    const values = new Set<string>();
    for (const rows of Object.values(tenantRows(sqlite, id)))
      for (const row of rows)
        for (const [column, value] of Object.entries(row)) {
          if (typeof value !== 'string' || value.length < 6 || column.endsWith('hash') || value.startsWith('{') || value.startsWith('['))
            continue;
          values.add(value);
        }
    return values;
  };
  const mine = collect(tenantId);
  const theirs = collect(otherTenantId);
  return [...mine].filter((v) => !theirs.has(v));
}
