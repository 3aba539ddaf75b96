import { z } from '@hono/zod-openapi';
import { insertMany } from '../../data/bulk';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import { pipelines, pipelineStages } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { conflict, validationFailed } from '../../../platform/errors';
import { newId } from '../../../platform/ids';
import { fieldIssues } from '../../../platform/validation';
import { RECORD_TYPE_NAMES, recordTypeEntries, type RecordTypeName } from '../crm/record-types';
import { dateOrNull, type Remap } from '../crm/record-transfer';
import { PipelineSchema } from '../crm/pipelines.schemas';
import { TenantSettingsSchema } from '../tenant/tenant-settings';
import { getOwnTenant, updateOwnTenant } from '../tenant/tenant.service';
import { exportFileName, hasRecords, recordPages, type ExportEntity } from './export.service';

/*
 * The whole tenant as one JSON document (GET /api/export), and that document
 * recreated in an empty tenant (POST /api/import). Format version 1; see
 * docs/import-export.md. Records keep their content, timestamps and links;
 * they get new ids, and every reference is remapped to the new ids.
 */

export const TENANT_FORMAT = 'trasealla-tenant-export';
export const TENANT_FORMAT_VERSION = 1;

/** The document's sections: the pipelines (configuration the deals refer to), then every record type in the registry's dependency order. */
const SECTIONS = ['pipelines', ...RECORD_TYPE_NAMES] as const satisfies readonly ExportEntity[];

const deletedAt = { deletedAt: z.string().nullable().optional() };
const ExportedUser = z.object({
  id: z.string(),
  email: z.string().max(254),
  name: z.string().max(200),
  role: z.string(),
  active: z.boolean(),
});
export const TenantDocument = z
  .object({
    format: z.literal(TENANT_FORMAT),
    version: z.literal(TENANT_FORMAT_VERSION),
    exportedAt: z.string(),
    tenant: z.object({ name: z.string(), slug: z.string(), settings: TenantSettingsSchema }),
    users: z.array(ExportedUser).max(100_000),
    pipelines: z.array(PipelineSchema.extend(deletedAt)),
    ...recordSections(),
  })
  .openapi('TenantExport');
export type TenantDocumentInput = z.infer<typeof TenantDocument>;

/** A section per record type: its records as the API answers them (less the names read for display), the trash included. */
function recordSections(): Record<RecordTypeName, z.ZodArray<z.ZodObject>> {
  const sections = recordTypeEntries().map(([name, spec]) => {
    const derived = Object.fromEntries((spec.derivedFields ?? []).map((key) => [key, true] as const)) as Record<string, true>;
    return [name, z.array(spec.schemas.dto.omit(derived as never).extend(deletedAt)) as z.ZodArray<z.ZodObject>];
  });
  return Object.fromEntries(sections) as Record<RecordTypeName, z.ZodArray<z.ZodObject>>;
}

/** Stream chunks of the whole-tenant document: every record, the trash included, a page at a time. */
export async function* tenantDocumentChunks(ctx: RequestContext): AsyncGenerator<string> {
  const { scope } = ctx;
  const people = await scope.query.select().from(users).where(scope.where(users)).all();
  const own = await getOwnTenant(ctx);
  const head = {
    format: TENANT_FORMAT,
    version: TENANT_FORMAT_VERSION,
    exportedAt: ctx.deps.clock.now().toISOString(),
    tenant: { name: own.name, slug: own.slug, settings: own.settings },
    users: people.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, active: u.active })),
  };
  yield JSON.stringify(head).slice(0, -1);
  for (const section of SECTIONS) {
    yield `,\n${JSON.stringify(section)}:[`;
    let first = true;
    for await (const page of recordPages(scope, section, { includeDeleted: true })) {
      let text = '';
      for (const row of page) {
        text += `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
        first = false;
      }
      yield text;
    }
    yield ']';
  }
  yield '}\n';
}

export const tenantExportFileName = (ctx: RequestContext) => exportFileName(ctx, 'export', 'json');

export interface TenantImportReport {
  created: Record<(typeof SECTIONS)[number] | 'stages', number>;
  users: { matched: string[]; unmatched: string[] };
  settingsApplied: boolean;
  durationMs: number;
}

/** Checks each record's content with the same create schema the API uses (ids are checked for shape only; they are remapped). */
function checkContent(doc: TenantDocumentInput): void {
  const issues: { path: string; message: string }[] = [];
  for (const [section, spec] of recordTypeEntries()) {
    const schema = spec.schemas.create;
    const keys = Object.keys((schema as unknown as z.ZodObject).shape ?? {}).filter((k) => !spec.transfer.uncheckedOnRestore?.includes(k));
    (doc[section] as Record<string, unknown>[]).forEach((record, i) => {
      const input: Record<string, unknown> = {};
      for (const key of keys) if (record[key] !== undefined && record[key] !== null) input[key] = record[key];
      const parsed = schema.safeParse(input);
      if (!parsed.success && issues.length < 100)
        for (const issue of fieldIssues(parsed.error)) issues.push({ path: `${section}.${i}.${issue.path}`, message: issue.message });
    });
  }
  if (issues.length > 0) throw validationFailed(issues, 'Some records in the document are not valid.');
}

/**
 * Recreates a whole-tenant document in the caller's tenant, which must hold
 * no records yet (409 otherwise). One transaction: all or nothing. People
 * are matched by email with the tenant's existing users; records that name
 * someone who is not here lose that reference (owner, assignee, author).
 */
export async function importTenant(ctx: RequestContext, doc: TenantDocumentInput): Promise<TenantImportReport> {
  const started = performance.now();
  if (await hasRecords(ctx.scope))
    throw conflict('This organisation already has records. A whole-organisation import only goes into an empty one.');
  checkContent(doc);
  const { created, matched, unmatched } = await ctx.scope.transaction((tx) => recreate(tx, doc));
  await updateOwnTenant(ctx, { settings: doc.tenant.settings });
  await ctx.scope.audit('import', 'tenants', newId('imp'), {
    format: doc.format,
    version: doc.version,
    exportedAt: doc.exportedAt,
    created,
  });
  return { created, users: { matched, unmatched }, settingsApplied: true, durationMs: Math.round(performance.now() - started) };
}

async function recreate(tx: TenantScope, doc: TenantDocumentInput) {
  const here = new Map(
    (await tx.query.select({ id: users.id, email: users.email }).from(users).where(tx.where(users)).all()).map((u) => [
      u.email.toLowerCase(),
      u.id,
    ]),
  );
  const userMap = new Map<string, string>();
  const matched: string[] = [];
  const unmatched: string[] = [];
  for (const u of doc.users) {
    const id = here.get(u.email.toLowerCase());
    if (id) {
      userMap.set(u.id, id);
      matched.push(u.email);
    } else unmatched.push(u.email);
  }
  // Old id → new id, per section (and for stages, which travel inside their pipelines).
  const maps = new Map<string, Map<string, string>>();
  const mapOf = (section: string) => maps.get(section) ?? maps.set(section, new Map()).get(section)!;
  const remap: Remap = {
    user: (id) => (id ? (userMap.get(id) ?? null) : null),
    ref: (section, id) => (id ? (mapOf(section).get(id) ?? null) : null),
  };
  const remember = (section: string, oldIds: string[], newIds: string[]) => oldIds.forEach((id, i) => mapOf(section).set(id, newIds[i]!));
  const times = <T extends { createdAt: string; updatedAt: string }>(rows: T[]) => ({
    createdAt: (i: number) => new Date(rows[i]!.createdAt),
    updatedAt: (i: number) => new Date(rows[i]!.updatedAt),
  });
  const created: Record<string, number> = { pipelines: 0, stages: 0 };

  await recreatePipelines(tx, doc, remember, mapOf('stages'), created);
  for (const [name, spec] of recordTypeEntries()) {
    const records = doc[name] as (Record<string, unknown> & { id: string; createdAt: string; updatedAt: string })[];
    const rows = spec.transfer.restore(records, remap, tx);
    remember(
      name,
      records.map((r) => r.id),
      await insertMany(tx, spec.table, spec.prefix, rows as never, times(records)),
    );
    await spec.transfer.afterRestore?.(tx, rows);
    created[name] = records.length;
  }
  return { created: created as TenantImportReport['created'], matched, unmatched };
}

/** The document's pipelines and their stages replace the new tenant's default one (the tenant has no deals yet). */
async function recreatePipelines(
  tx: TenantScope,
  doc: TenantDocumentInput,
  remember: (section: string, oldIds: string[], newIds: string[]) => void,
  stageMap: Map<string, string>,
  created: Record<string, number>,
): Promise<void> {
  if (doc.pipelines.length === 0) {
    for (const stage of await tx.query.select().from(pipelineStages).where(tx.where(pipelineStages)).all())
      stageMap.set(stage.id, stage.id);
    return;
  }
  for (const stage of await tx.query.select({ id: pipelineStages.id }).from(pipelineStages).where(tx.where(pipelineStages)).all())
    await tx.delete(pipelineStages, stage.id, 'Stage');
  for (const pipeline of await tx.query.select({ id: pipelines.id }).from(pipelines).where(tx.where(pipelines)).all())
    await tx.delete(pipelines, pipeline.id, 'Pipeline');
  const pl = doc.pipelines;
  const pipelineIds = await insertMany(
    tx,
    pipelines,
    'pip',
    pl.map((r) => ({ name: r.name, isDefault: r.isDefault, deletedAt: dateOrNull(r.deletedAt) })),
    { createdAt: (i) => new Date(pl[i]!.createdAt), updatedAt: (i) => new Date(pl[i]!.updatedAt) },
  );
  remember(
    'pipelines',
    pl.map((r) => r.id),
    pipelineIds,
  );
  const stages = pl.flatMap((r, i) => r.stages.map((s) => ({ ...s, pipelineId: pipelineIds[i]! })));
  remember(
    'stages',
    stages.map((s) => s.id),
    await insertMany(
      tx,
      pipelineStages,
      'stg',
      stages.map((s) => ({ pipelineId: s.pipelineId, name: s.name, position: s.position, probability: s.probability, kind: s.kind })),
    ),
  );
  created.pipelines = pl.length;
  created.stages = stages.length;
}
