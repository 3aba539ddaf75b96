import { sql, type SQL } from 'drizzle-orm';
import { limitAtLeast } from '../db/limit-at-least';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { searchWords, tenantSearchKey } from '../db/search-text';
import { postgresSearchQuery, postgresTextMatch } from './search-postgres';
import type { TenantScope } from './tenant-scope';

/** A searched record type's kind (company, contact, …): the registry's types name theirs. */
export type SearchKind = string;

/**
 * Turns what a person typed into an FTS5 query for one tenant: each word
 * becomes a quoted prefix term carrying the tenant's key (the index stores
 * words that way), so FTS syntax in the input is inert and "ana per" finds
 * "Ana Pérez". Null when nothing searchable is left.
 */
export function ftsTerms(scope: TenantScope, q: string): string | null {
  const key = tenantSearchKey(scope.tenantId);
  const words = searchWords(q).slice(0, 8);
  if (words.length === 0) return null;
  return words.map((w) => `"${key}${w}"*`).join(' ');
}

/**
 * The keyed words find the tenant's rows; the tenant column is then compared as a plain value,
 * so a key collision can never leak a row. (Matching the tenant id as an FTS phrase read the
 * doclist of its "ten" token, which every row in the index holds: search slowed with the size
 * of the whole instance, 1.9x from 10,000 to 1,000,000 contacts.)
 */
function tenantMatch(terms: string): string {
  return `{name extra}: (${terms})`;
}

export interface SearchHit {
  kind: SearchKind;
  id: string;
  name: string;
  rank: number;
}

/** Ranked matches across record types, tenant-scoped, live records only (the triggers drop deleted ones). */
export async function searchRecords(scope: TenantScope, q: string, kinds: readonly SearchKind[], limit: number): Promise<SearchHit[]> {
  if (scope.data.engine === 'postgres') {
    const query = postgresSearchQuery(scope.tenantId, q, kinds, limit);
    return query ? scope.query.all<SearchHit>(query) : [];
  }
  const terms = ftsTerms(scope, q);
  if (!terms) return [];
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  const rows = await scope.query.all<SearchHit>(sql`
    SELECT kind, ref AS id, label AS name, bm25(search_index, 0, 0, 0, 0, 10.0, 2.0) AS rank
    FROM search_index
    WHERE search_index MATCH ${tenantMatch(terms)} AND tenant = ${scope.tenantId} AND kind IN (${kindList})
    ORDER BY rank
    LIMIT ${limitAtLeast(limit)}`);
  return rows.slice(0, limit);
}

/** A condition for list endpoints' `q`: the record's id is among the tenant's full-text matches. */
export function matchesText(scope: TenantScope, kind: SearchKind, idColumn: SQLiteColumn, q: string): SQL | undefined {
  if (scope.data.engine === 'postgres') return postgresTextMatch(scope.tenantId, kind, idColumn, q);
  const terms = ftsTerms(scope, q);
  if (!terms) return undefined;
  return sql`${idColumn} IN (SELECT ref FROM search_index WHERE search_index MATCH ${tenantMatch(terms)} AND tenant = ${scope.tenantId} AND kind = ${kind})`;
}
