import { sql } from 'drizzle-orm';
import type { Executor } from './store';

/**
 * The next value of a per-tenant sequence (lead numbers), in the same words on both engines: an
 * upsert that returns the new value. Run inside the transaction that inserts the row, so that
 * concurrent creations (on one server or several) get distinct, consecutive numbers: the row's
 * lock makes the second wait for the first to commit.
 */
export async function nextSequenceValue(db: Executor, tenantId: string, name: string): Promise<number> {
  const [row] = await db.rows<{ value: number | string }>(sql`
    INSERT INTO tenant_counters (tenant_id, name, value) VALUES (${tenantId}, ${name}, 1)
    ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + 1
    RETURNING value`);
  // PostgreSQL's bigint arrives as a string.
  return Number(row!.value);
}
