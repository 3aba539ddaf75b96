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
export async function explainTenantQueries(sqlite: Database.Database, run: () => Promise<unknown>): Promise<Plan[]> {
  const seen = new Set<string>();
  // Every connection's statements share one prototype: reads run on the data layer's reader connection.
  const statement = Object.getPrototypeOf(sqlite.prepare('SELECT 1')) as Record<string, (...args: unknown[]) => unknown>;
  const originals = (['all', 'get', 'iterate'] as const).map((name) => [name, statement[name]!] as const);
  for (const [name, original] of originals)
    statement[name] = function (this: { source: string }, ...args: unknown[]) {
      if (/^\s*(select|with)/i.test(this.source)) seen.add(this.source);
      return original.apply(this, args);
    };
  try {
    await run();
  } finally {
    for (const [name, original] of originals) statement[name] = original;
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
