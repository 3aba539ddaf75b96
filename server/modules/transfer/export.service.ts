import { inArray, isNull } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { scanPages } from '../../data/bulk';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import { companies, contacts, pipelines, pipelineStages } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { dtosOf, listedRows, type AnyRecordSpec, type CrmTable, type ListSelectionQuery } from '../crm/record-kit';
import { RECORD_TYPE_NAMES, RECORD_TYPES, recordTypeEntries, type RecordTypeName } from '../crm/record-types';
import type { NameLookup } from '../crm/record-transfer';
import { csvLine } from './csv';
import { isoTime } from '../../lib/iso-time';

export const EXPORT_ENTITIES = [...RECORD_TYPE_NAMES, 'pipelines'] as const;
export type ExportEntity = RecordTypeName | 'pipelines';
export type ExportFormat = 'csv' | 'json';

type Dto = Record<string, unknown>;

/** Names for the ids a page refers to, looked up once per page: CSV readers get "Acme Ltd", not com_01J…. */
class Names {
  private users: Promise<Map<string, string>> | undefined;
  private stages: Promise<Map<string, { name: string; pipeline: string }>> | undefined;

  constructor(private readonly scope: TenantScope) {}

  /** Owner emails by user id (the tenant's people, read once per export). */
  owners(): Promise<Map<string, string>> {
    this.users ??= this.scope.query
      .select({ id: users.id, email: users.email })
      .from(users)
      .where(this.scope.where(users))
      .all()
      .then((rows) => new Map(rows.map((u) => [u.id, u.email])));
    return this.users;
  }

  /** Stage and pipeline names by stage id (read once per export). */
  stagesById(): Promise<Map<string, { name: string; pipeline: string }>> {
    this.stages ??= (async () => {
      const pipelineNames = new Map(
        (
          await this.scope.query.select({ id: pipelines.id, name: pipelines.name }).from(pipelines).where(this.scope.where(pipelines)).all()
        ).map((p) => [p.id, p.name]),
      );
      return new Map(
        (await this.scope.query.select().from(pipelineStages).where(this.scope.where(pipelineStages)).all()).map((s) => [
          s.id,
          { name: s.name, pipeline: pipelineNames.get(s.pipelineId) ?? '' },
        ]),
      );
    })();
    return this.stages;
  }

  /** What a page's references name (a company's name, a contact's email), read for the page in one query. */
  private async referenced<V>(
    rows: Dto[],
    from: string,
    table: typeof companies | typeof contacts,
    label: SQLiteColumn,
  ): Promise<Map<string, V>> {
    const ids = [...new Set(rows.map((r) => r[from]).filter((v): v is string => typeof v === 'string'))];
    if (ids.length === 0) return new Map();
    const found = await this.scope.query
      .select({ id: table.id, label })
      .from(table)
      .where(this.scope.where(table, inArray(table.id, ids)))
      .all();
    return new Map(found.map((r) => [r.id, r.label as V]));
  }

  companiesOf = (rows: Dto[], from: string) => this.referenced<string>(rows, from, companies, companies.name);

  contactsOf = (rows: Dto[], from: string) => this.referenced<string | null>(rows, from, contacts, contacts.email);
}

interface ExportKind {
  table: CrmTable;
  columns: string[];
  /** Columns that only the CSV has: names next to the ids, so the file can be imported elsewhere. */
  extra: string[];
  toDtos(scope: TenantScope, rows: Record<string, unknown>[]): Promise<Dto[]>;
  withNames?(names: Names, rows: Dto[]): Promise<Dto[]>;
}

async function pipelineDtos(scope: TenantScope, rows: Record<string, unknown>[]): Promise<Dto[]> {
  const ids = rows.map((r) => String(r.id));
  const stages = ids.length
    ? await scope.query
        .select()
        .from(pipelineStages)
        .where(scope.where(pipelineStages, inArray(pipelineStages.pipelineId, ids)))
        .orderBy(pipelineStages.pipelineId, pipelineStages.position)
        .all()
    : [];
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    stages: stages
      .filter((s) => s.pipelineId === row.id)
      .map((s) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability, kind: s.kind })),
    createdAt: isoTime(row.createdAt as Date),
    updatedAt: isoTime(row.updatedAt as Date),
    deletedAt: row.deletedAt ? isoTime(row.deletedAt as Date) : null,
  }));
}

/** A CSV column after the DTO's own: the name looked up for one of its ids (the names a page needs are read first). */
function nameColumn(names: Names, lookup: NameLookup): (rows: Dto[], from: string) => Promise<(row: Dto) => unknown> {
  const byId = (found: Map<string, string | null>, row: Dto, from: string) =>
    typeof row[from] === 'string' ? (found.get(row[from]) ?? null) : null;
  switch (lookup) {
    case 'userEmail':
      return async (_rows, from) => {
        const found = await names.owners();
        return (row) => byId(found, row, from);
      };
    case 'stageName':
      return async (_rows, from) => {
        const found = await names.stagesById();
        return (row) => (typeof row[from] === 'string' ? (found.get(row[from])?.name ?? null) : null);
      };
    case 'pipelineName':
      return async (_rows, from) => {
        const found = await names.stagesById();
        return (row) => (typeof row[from] === 'string' ? (found.get(row[from])?.pipeline ?? null) : null);
      };
    case 'companyName':
      return async (rows, from) => {
        const found = await names.companiesOf(rows, from);
        return (row) => byId(found, row, from);
      };
    case 'contactEmail':
      return async (rows, from) => {
        const found = await names.contactsOf(rows, from);
        return (row) => byId(found, row, from);
      };
  }
}

function recordExport(spec: AnyRecordSpec): ExportKind {
  const { exportNames } = spec.transfer;
  // Names read for display (a task's assignee's) are not the record's: the file has its own name columns.
  const derived = new Set(spec.derivedFields ?? []);
  const own = (dto: Dto) => (derived.size === 0 ? dto : Object.fromEntries(Object.entries(dto).filter(([key]) => !derived.has(key))));
  return {
    table: spec.table,
    columns: Object.keys(spec.schemas.dto.shape).filter((key) => !derived.has(key)),
    extra: exportNames.map((n) => n.column),
    toDtos: async (scope, rows) => ((await dtosOf(spec, rows as never, scope)) as Dto[]).map(own),
    ...(exportNames.length > 0
      ? {
          withNames: async (names: Names, rows: Dto[]) => {
            const columns: [string, (row: Dto) => unknown][] = [];
            for (const n of exportNames) columns.push([n.column, await nameColumn(names, n.lookup)(rows, n.from)]);
            return rows.map((r) => {
              const out = { ...r };
              for (const [column, nameOf] of columns) out[column] = nameOf(r);
              return out;
            });
          },
        }
      : {}),
  };
}

/** Every record type of the registry, and the pipelines (the tenant's configuration, exported beside them). */
export const EXPORT_KINDS: Record<ExportEntity, ExportKind> = {
  ...(Object.fromEntries(recordTypeEntries().map(([name, spec]) => [name, recordExport(spec)])) as Record<RecordTypeName, ExportKind>),
  pipelines: {
    table: pipelines as unknown as CrmTable,
    columns: ['id', 'name', 'isDefault', 'stages', 'createdAt', 'updatedAt', 'deletedAt'],
    extra: [],
    toDtos: pipelineDtos,
  },
};

/** Every record of a kind, as DTO pages in id order; live only unless the trash is included. */
export async function* recordPages(scope: TenantScope, entity: ExportEntity, options: { includeDeleted: boolean }): AsyncGenerator<Dto[]> {
  const kind = EXPORT_KINDS[entity];
  const where = options.includeDeleted ? undefined : isNull(kind.table.deletedAt);
  for await (const page of scanPages(scope, kind.table, where, 500)) yield await kind.toDtos(scope, page as Record<string, unknown>[]);
}

/**
 * The DTO pages of an export: with a list query (a record type's), exactly the rows that list
 * selects across all its pages, through the list's own conditions; without one, every record.
 */
async function* exportedPages(
  ctx: RequestContext,
  entity: ExportEntity,
  includeDeleted: boolean,
  query: ListSelectionQuery<Record<string, unknown>> | undefined,
): AsyncGenerator<Dto[]> {
  if (query === undefined || entity === 'pipelines') {
    yield* recordPages(ctx.scope, entity, { includeDeleted });
    return;
  }
  const kind = EXPORT_KINDS[entity];
  const spec = RECORD_TYPES[entity] as AnyRecordSpec;
  for await (const page of listedRows(ctx, spec, query, { withTrash: includeDeleted })) yield await kind.toDtos(ctx.scope, page);
}

/** Whether the tenant holds any record (live or in the trash) that a whole-tenant import would sit beside. */
export async function hasRecords(scope: TenantScope): Promise<boolean> {
  for (const [, spec] of recordTypeEntries()) if ((await scope.count(spec.table)) > 0) return true;
  return false;
}

/** Stream chunks for GET /api/export/:entity: CSV with a header row, or a JSON array; a record type's list query says which rows. */
export async function* exportChunks(
  ctx: RequestContext,
  entity: ExportEntity,
  format: ExportFormat,
  includeDeleted: boolean,
  query?: ListSelectionQuery<Record<string, unknown>>,
): AsyncGenerator<string> {
  const kind = EXPORT_KINDS[entity];
  const names = new Names(ctx.scope);
  if (format === 'csv') {
    const columns = [...kind.columns, ...kind.extra];
    yield csvLine(columns);
    for await (const page of exportedPages(ctx, entity, includeDeleted, query)) {
      const rows = kind.withNames ? await kind.withNames(names, page) : page;
      let text = '';
      for (const row of rows) text += csvLine(columns.map((c) => row[c]));
      yield text;
    }
    return;
  }
  yield '[';
  let first = true;
  for await (const page of exportedPages(ctx, entity, includeDeleted, query)) {
    let text = '';
    for (const row of page) {
      text += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
      first = false;
    }
    yield text;
  }
  yield first ? ']\n' : '\n]\n';
}

/** Turns a generator of text chunks into a byte stream that pulls one chunk (one page) at a time. */
export function toByteStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export const exportFileName = (ctx: RequestContext, what: string, ext: string) =>
  `${ctx.auth.tenant.slug}-${what}-${ctx.deps.clock.now().toISOString().slice(0, 10)}.${ext}`;
