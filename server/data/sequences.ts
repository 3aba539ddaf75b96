import { sql } from 'drizzle-orm';
import { tenantCounters } from '../db/schema-crm';
import type { TenantScope } from './tenant-scope';

/**
 * Next value of a per-tenant sequence (lead numbers). Run inside the
 * transaction that inserts the row: SQLite serialises writers, so two
 * concurrent creations always get distinct, consecutive numbers.
 */
export async function nextSequence(scope: TenantScope, name: string): Promise<number> {
  const row = await scope.query
    .insert(tenantCounters)
    .values({ tenantId: scope.tenantId, name, value: 1 })
    .onConflictDoUpdate({ target: [tenantCounters.tenantId, tenantCounters.name], set: { value: sql`${tenantCounters.value} + 1` } })
    .returning({ value: tenantCounters.value })
    .get();
  return row!.value;
}
