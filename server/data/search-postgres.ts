import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { searchWords } from '../db/search-text';
import type { SearchHit, SearchKind } from './search';

/*
 * /api/search's query on PostgreSQL, with SQLite's semantics (server/data/search.ts): the same
 * words (searchWords), each matched as a prefix, all of them required; the name weighs five times
 * the other words (bm25's 10 to 2 there, ts_rank's weights here); lower rank is better; the tenant
 * compared as a plain column, live records only (the triggers drop deleted ones).
 */
/** Each word a prefix, all of them required: to_tsquery's words for what a person typed, or null when nothing is left. */
function prefixQuery(q: string): string | null {
  const words = searchWords(q).slice(0, 8);
  return words.length === 0 ? null : words.map((w) => `${w}:*`).join(' & ');
}

export function postgresSearchQuery(tenantId: string, q: string, kinds: readonly SearchKind[], limit: number): SQL | null {
  const query = prefixQuery(q);
  if (query === null || kinds.length === 0) return null;
  const kindList = sql.join(
    kinds.map((k) => sql`${k}`),
    sql`, `,
  );
  return sql`
    SELECT kind, ref AS id, label AS name, -ts_rank('{0, 0, 0.2, 1}', document, to_tsquery('simple', ${query})) AS rank
    FROM search_documents
    WHERE tenant_id = ${tenantId} AND kind IN (${kindList}) AND document @@ to_tsquery('simple', ${query})
    ORDER BY rank, ref
    LIMIT ${limit}`;
}

/** A list's `q` on PostgreSQL: the record's id is among the tenant's matches of that kind. */
export function postgresTextMatch(tenantId: string, kind: SearchKind, idColumn: SQLiteColumn, q: string): SQL | undefined {
  const query = prefixQuery(q);
  if (query === null) return undefined;
  return sql`${idColumn} IN (SELECT ref FROM search_documents WHERE tenant_id = ${tenantId} AND kind = ${kind} AND document @@ to_tsquery('simple', ${query}))`;
}

export type { SearchHit };
