import { sql, type SQL } from 'drizzle-orm';
import { searchWords } from '../db/search-text';
import type { SearchHit, SearchKind } from './search';

/*
 * /api/search's query on PostgreSQL, with SQLite's semantics (server/data/search.ts): the same
 * words (searchWords), each matched as a prefix, all of them required; the name weighs five times
 * the other words (bm25's 10 to 2 there, ts_rank's weights here); lower rank is better; the tenant
 * compared as a plain column, live records only (the triggers drop deleted ones).
 */
export function postgresSearchQuery(tenantId: string, q: string, kinds: readonly SearchKind[], limit: number): SQL | null {
  const words = searchWords(q).slice(0, 8);
  if (words.length === 0 || kinds.length === 0) return null;
  const query = words.map((w) => `${w}:*`).join(' & ');
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

export type { SearchHit };
