import type Database from 'better-sqlite3';

export interface Plan {
  sql: string;
  lines: string[];
  ok: boolean;
}

/**
 * Records every statement `run` prepares, then explains each. A plan is ok
 * when every table it reads is reached through an index (or primary key)
 * whose first column is tenant_id, or is the full-text index; instance-level
 * tables (tenants, users by id) are allowed.
 */
export function explainTenantQueries(sqlite: Database.Database, run: () => void): Plan[] {
  const seen = new Set<string>();
  const prepare = sqlite.prepare;
  sqlite.prepare = ((source: string) => {
    if (/^\s*(select|with)/i.test(source)) seen.add(source);
    return prepare.call(sqlite, source);
  }) as typeof sqlite.prepare;
  try {
    run();
  } finally {
    sqlite.prepare = prepare;
  }
  const leadsWithTenant = (index: string) => {
    const first = (sqlite.prepare(`PRAGMA index_info("${index}")`).all() as { seqno: number; name: string }[]).find((c) => c.seqno === 0);
    return first?.name === 'tenant_id';
  };
  return [...seen].map((sql) => {
    const params = (sql.match(/\?/g) ?? []).length;
    const rows = sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array(params).fill(null)) as { detail: string }[];
    const lines = rows.map((r) => r.detail);
    const ok = lines.every((line) => {
      if (!/^(SCAN|SEARCH)/.test(line)) return true;
      if (/VIRTUAL TABLE INDEX/.test(line) || /\b(tenants|CONSTANT ROW|SUBQUERY)\b/.test(line) || /^SCAN \(subquery-\d+\)/.test(line))
        return true;
      if (/USING (INTEGER )?PRIMARY KEY/.test(line)) return /tenant_id/.test(line);
      const index = /USING (?:COVERING )?INDEX (\S+)/.exec(line)?.[1];
      if (index?.startsWith('sqlite_autoindex_')) return /tenant_id/.test(line);
      return index ? leadsWithTenant(index) : false;
    });
    return { sql, lines, ok };
  });
}
