import { createHash } from 'node:crypto';
import type { RawDatabase } from './raw-db';

async function tenantTables(raw: RawDatabase): Promise<string[]> {
  const out: string[] = [];
  for (const name of await raw.tables()) if ((await raw.columns(name)).includes('tenant_id')) out.push(name);
  return out;
}

const canonical = (row: Record<string, unknown>) => JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));

/** Every row a tenant owns, table by table, read straight from the database (not through the code under test), in a fixed order. */
export async function tenantRows(raw: RawDatabase, tenantId: string): Promise<Record<string, Record<string, unknown>[]>> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const table of await tenantTables(raw)) {
    const rows = await raw.all(`SELECT * FROM "${table}" WHERE tenant_id = ?`, tenantId);
    out[table] = rows.sort((a, b) => (canonical(a) < canonical(b) ? -1 : 1));
  }
  out.tenants = await raw.all('SELECT * FROM tenants WHERE id = ?', tenantId);
  return out;
}

export async function tenantChecksum(raw: RawDatabase, tenantId: string): Promise<string> {
  return createHash('sha256')
    .update(JSON.stringify(await tenantRows(raw, tenantId)))
    .digest('hex');
}

/** Ids of everything the tenant owns (every `id` column and the tenant id itself). */
export async function tenantIds(raw: RawDatabase, tenantId: string): Promise<string[]> {
  const ids = new Set<string>([tenantId]);
  for (const rows of Object.values(await tenantRows(raw, tenantId)))
    for (const row of rows) if (typeof row.id === 'string') ids.add(row.id);
  return [...ids];
}

/**
 * Values that identify this tenant's data and appear nowhere in the other's:
 * if one shows up in a response to the other tenant, isolation is broken.
 */
export async function distinctiveValues(raw: RawDatabase, tenantId: string, otherTenantId: string): Promise<string[]> {
  const collect = async (id: string) => {
    const values = new Set<string>();
    for (const rows of Object.values(await tenantRows(raw, id)))
      for (const row of rows)
        for (const [column, value] of Object.entries(row)) {
          if (typeof value !== 'string' || value.length < 6 || column.endsWith('hash') || value.startsWith('{') || value.startsWith('['))
            continue;
          values.add(value);
        }
    return values;
  };
  const mine = await collect(tenantId);
  const theirs = await collect(otherTenantId);
  return [...mine].filter((v) => !theirs.has(v));
}
