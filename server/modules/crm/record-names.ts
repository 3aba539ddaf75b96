import { inArray, sql } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { TenantScope, TenantTable } from '../../data/tenant-scope';
import { apiKeys, users } from '../../db/schema';
import { companies, contacts, deals, leads, pipelines, pipelineStages } from '../../db/schema-crm';

/** What a readable answer names beside an id: people, API keys, records, stages and pipelines. */
export type NamedKind = 'user' | 'apiKey' | 'company' | 'contact' | 'deal' | 'lead' | 'stage' | 'pipeline';

interface Named {
  name: string;
  /** The company a contact or deal belongs to (what a company's timeline says an entry came through). */
  companyId: string | null;
}

/** How each kind's name is read: its table and the SQL of its name (and company, where it has one). */
const SOURCES: Record<NamedKind, { table: TenantTable; name: SQLiteColumn | ReturnType<typeof sql<string>>; companyId?: SQLiteColumn }> = {
  user: { table: users, name: users.name },
  apiKey: { table: apiKeys, name: apiKeys.name },
  company: { table: companies, name: companies.name },
  contact: {
    table: contacts,
    name: sql<string>`trim(${contacts.firstName} || ' ' || ${contacts.lastName})`,
    companyId: contacts.companyId,
  },
  deal: { table: deals, name: deals.title, companyId: deals.companyId },
  lead: { table: leads, name: leads.title },
  stage: { table: pipelineStages, name: pipelineStages.name },
  pipeline: { table: pipelines, name: pipelines.name },
};

/**
 * The names a page of answers shows beside its ids, read with one query per kind for the whole
 * page (never one per row): ask for every id first (want), read them (load), then look them up.
 * Trashed records keep their names (a history names what was there); a purged one, another
 * tenant's id or a null has none.
 */
export class RecordNames {
  private readonly wanted = new Map<NamedKind, Set<string>>();
  private readonly found = new Map<NamedKind, Map<string, Named>>();

  want(kind: NamedKind, id: unknown): this {
    if (typeof id !== 'string' || id === '') return this;
    let ids = this.wanted.get(kind);
    if (!ids) this.wanted.set(kind, (ids = new Set()));
    ids.add(id);
    return this;
  }

  /** Reads what was asked for since the last load: one query per kind that has ids. */
  async load(scope: TenantScope): Promise<this> {
    for (const [kind, ids] of this.wanted) {
      const known = this.found.get(kind) ?? new Map<string, Named>();
      const missing = [...ids].filter((id) => !known.has(id));
      this.found.set(kind, known);
      if (missing.length === 0) continue;
      const { table, name, companyId } = SOURCES[kind];
      const rows = (await scope.query
        .select({ id: table.id, name, companyId: companyId ?? sql<null>`NULL` })
        .from(table)
        .where(scope.where(table, inArray(table.id, missing)))
        .all()) as { id: string; name: string; companyId: string | null }[];
      for (const row of rows) known.set(row.id, { name: row.name, companyId: row.companyId ?? null });
    }
    this.wanted.clear();
    return this;
  }

  name(kind: NamedKind, id: string | null | undefined): string | null {
    return id ? (this.found.get(kind)?.get(id)?.name ?? null) : null;
  }

  companyOf(kind: 'contact' | 'deal', id: string | null | undefined): string | null {
    return id ? (this.found.get(kind)?.get(id)?.companyId ?? null) : null;
  }
}
