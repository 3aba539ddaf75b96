import { desc, eq, isNull, ne, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { TenantScope } from '../../data/tenant-scope';
import { companies, contacts } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import type { CrmTable } from './record-kit';
import { DUPLICATES_LIMIT, type CompanyDuplicatesInput, type ContactDuplicatesInput } from './duplicates.schemas';
import { lowerCell } from './duplicate-keys';

/** Both sides lower-cased by the database, as the import's name match does (SQLite's lower() and PostgreSQL's agree on ASCII). */
const sameText = (column: SQLiteColumn | SQL, value: string) => sql`lower(${column}) = lower(${value})`;

/**
 * The live records of the tenant each condition finds, in the order of the conditions (the
 * strongest match first), each record once, at most DUPLICATES_LIMIT.
 */
async function matches<T extends CrmTable, M extends string>(
  scope: TenantScope,
  table: T,
  excludeId: string | undefined,
  conditions: [M, SQL | undefined][],
): Promise<{ row: T['$inferSelect']; matchedOn: M }[]> {
  const found = new Map<string, { row: T['$inferSelect']; matchedOn: M }>();
  for (const [matchedOn, condition] of conditions) {
    if (!condition || found.size >= DUPLICATES_LIMIT) continue;
    const rows = (await scope.query
      .select()
      .from(table)
      .where(scope.where(table, isNull(table.deletedAt), excludeId ? ne(table.id, excludeId) : undefined, condition))
      .orderBy(desc(table.updatedAt), desc(table.id))
      .limit(DUPLICATES_LIMIT)
      .all()) as T['$inferSelect'][];
    for (const row of rows) {
      const id = (row as { id: string }).id;
      if (!found.has(id) && found.size < DUPLICATES_LIMIT) found.set(id, { row, matchedOn });
    }
  }
  return [...found.values()];
}

/** Contacts with the same email (stored lower-cased) or the same full name. */
export async function contactDuplicates(ctx: RequestContext, query: ContactDuplicatesInput) {
  const email = lowerCell(query.email);
  const found = await matches(ctx.scope, contacts, query.excludeId, [
    ['email', email ? eq(contacts.email, email) : undefined],
    ['name', query.name ? sameText(sql`${contacts.firstName} || ' ' || ${contacts.lastName}`, query.name) : undefined],
  ]);
  return {
    data: found.map(({ row, matchedOn }) => ({ id: row.id, name: `${row.firstName} ${row.lastName}`, email: row.email, matchedOn })),
  };
}

/** Companies with the same domain (stored lower-cased) or the same name. */
export async function companyDuplicates(ctx: RequestContext, query: CompanyDuplicatesInput) {
  const domain = lowerCell(query.domain);
  const found = await matches(ctx.scope, companies, query.excludeId, [
    ['domain', domain ? eq(companies.domain, domain) : undefined],
    ['name', query.name ? sameText(companies.name, query.name) : undefined],
  ]);
  return { data: found.map(({ row, matchedOn }) => ({ id: row.id, name: row.name, domain: row.domain, matchedOn })) };
}
