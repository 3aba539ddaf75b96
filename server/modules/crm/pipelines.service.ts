import { asc, eq, inArray, isNull } from 'drizzle-orm';
import type { TenantScope } from '../../data/tenant-scope';
import { deals, pipelines, pipelineStages } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { conflict, validationFailed } from '../../../platform/errors';
import { parseSort } from '../../lib/schemas';
import type { CreatePipelineInput, PipelineDto, UpdatePipelineInput } from './pipelines.schemas';
import { isoTime } from '../../lib/iso-time';

type PipelineRow = typeof pipelines.$inferSelect;
type StageRow = typeof pipelineStages.$inferSelect;

export const DEFAULT_STAGES: CreatePipelineInput['stages'] = [
  { name: 'New', probability: 10, kind: 'open' },
  { name: 'Qualified', probability: 25, kind: 'open' },
  { name: 'Proposal', probability: 50, kind: 'open' },
  { name: 'Negotiation', probability: 75, kind: 'open' },
  { name: 'Won', probability: 100, kind: 'won' },
  { name: 'Lost', probability: 0, kind: 'lost' },
];

export function stagesOf(scope: TenantScope, pipelineId: string): Promise<StageRow[]> {
  return scope.query
    .select()
    .from(pipelineStages)
    .where(scope.where(pipelineStages, eq(pipelineStages.pipelineId, pipelineId)))
    .orderBy(asc(pipelineStages.position))
    .all();
}

/** The stages of several pipelines in one query, by pipeline, in order. */
async function stagesOfAll(scope: TenantScope, pipelineIds: string[]): Promise<Map<string, StageRow[]>> {
  const byPipeline = new Map<string, StageRow[]>(pipelineIds.map((id) => [id, []]));
  if (pipelineIds.length === 0) return byPipeline;
  const rows = await scope.query
    .select()
    .from(pipelineStages)
    .where(scope.where(pipelineStages, inArray(pipelineStages.pipelineId, pipelineIds)))
    .orderBy(asc(pipelineStages.pipelineId), asc(pipelineStages.position))
    .all();
  for (const stage of rows) byPipeline.get(stage.pipelineId)?.push(stage);
  return byPipeline;
}

function toDto(row: PipelineRow, stages: StageRow[]): PipelineDto {
  return {
    id: row.id,
    name: row.name,
    isDefault: row.isDefault,
    stages: stages.map((s) => ({ id: s.id, name: s.name, position: s.position, probability: s.probability, kind: s.kind })),
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
  };
}

const livePipeline = isNull(pipelines.deletedAt);

export function getPipelineRow(scope: TenantScope, id: string): Promise<PipelineRow> {
  return scope.get(pipelines, id, 'Pipeline', livePipeline);
}

export function defaultPipeline(scope: TenantScope): Promise<PipelineRow | undefined> {
  return scope.query
    .select()
    .from(pipelines)
    .where(scope.where(pipelines, livePipeline, eq(pipelines.isDefault, true)))
    .get();
}

/** Creates the pipeline and its stages; the first pipeline of a tenant is its default. */
export function insertPipeline(scope: TenantScope, input: CreatePipelineInput): Promise<PipelineDto> {
  return scope.transaction(async (tx) => {
    const makeDefault = input.isDefault === true || !(await defaultPipeline(tx));
    if (makeDefault) await clearDefault(tx);
    const row = await tx.insert(pipelines, 'pip', { name: input.name, isDefault: makeDefault });
    for (const [position, stage] of input.stages.entries())
      await tx.insert(pipelineStages, 'stg', {
        pipelineId: row.id,
        name: stage.name,
        position,
        probability: stage.probability,
        kind: stage.kind,
      });
    return toDto(row, await stagesOf(tx, row.id));
  });
}

async function clearDefault(scope: TenantScope): Promise<void> {
  const current = await defaultPipeline(scope);
  if (current) await scope.update(pipelines, current.id, 'Pipeline', { isDefault: false });
}

/** Every tenant starts with a Sales pipeline, created with it. */
export async function ensureDefaultPipeline(scope: TenantScope): Promise<void> {
  if (!(await defaultPipeline(scope))) await insertPipeline(scope, { name: 'Sales', stages: DEFAULT_STAGES, isDefault: true });
}

export async function listPipelines(ctx: RequestContext, query: { limit: number; cursor?: string | undefined; sort: string }) {
  const { key, direction } = parseSort<'createdAt' | 'name'>(query.sort);
  const page = await ctx.scope.list(pipelines, {
    where: livePipeline,
    sort: { key, column: key === 'name' ? pipelines.name : pipelines.createdAt, direction },
    limit: query.limit,
    cursor: query.cursor,
  });
  const stages = await stagesOfAll(
    ctx.scope,
    page.data.map((row) => row.id),
  );
  return { ...page, data: page.data.map((row) => toDto(row, stages.get(row.id)!)) };
}

export async function getPipeline(ctx: RequestContext, id: string): Promise<PipelineDto> {
  return toDto(await getPipelineRow(ctx.scope, id), await stagesOf(ctx.scope, id));
}

export function createPipeline(ctx: RequestContext, input: CreatePipelineInput): Promise<PipelineDto> {
  return insertPipeline(ctx.scope, input);
}

/**
 * Renames, reorders, adds and removes stages. A stage that deals still sit
 * in cannot be removed: move those deals first.
 */
export function updatePipeline(ctx: RequestContext, id: string, input: UpdatePipelineInput): Promise<PipelineDto> {
  return ctx.scope.transaction(async (tx) => {
    await getPipelineRow(tx, id);
    if (input.isDefault) {
      await clearDefault(tx);
      await tx.update(pipelines, id, 'Pipeline', { isDefault: true });
    }
    if (input.name) await tx.update(pipelines, id, 'Pipeline', { name: input.name });
    if (input.stages) {
      const existing = await stagesOf(tx, id);
      const keep = new Set(input.stages.map((s) => s.id).filter(Boolean));
      for (const stageId of keep) {
        if (!existing.some((s) => s.id === stageId))
          throw validationFailed([{ path: 'stages', message: `Stage ${stageId} is not part of this pipeline.` }]);
      }
      const removed = existing.filter((s) => !keep.has(s.id));
      if (removed.length > 0) {
        // Trashed deals count too: they may be restored into their stage.
        const inUse = await tx.count(
          deals,
          inArray(
            deals.stageId,
            removed.map((s) => s.id),
          ),
        );
        if (inUse > 0) throw conflict(`${inUse} deals (including any in the trash) are in the stages you removed. Move them first.`);
        for (const stage of removed) await tx.delete(pipelineStages, stage.id, 'Stage');
      }
      for (const [position, stage] of input.stages.entries()) {
        const values = { name: stage.name, probability: stage.probability, kind: stage.kind, position };
        if (stage.id) await tx.update(pipelineStages, stage.id, 'Stage', values);
        else await tx.insert(pipelineStages, 'stg', { pipelineId: id, ...values });
      }
    }
    return toDto(await getPipelineRow(tx, id), await stagesOf(tx, id));
  });
}

export async function deletePipeline(ctx: RequestContext, id: string): Promise<void> {
  await ctx.scope.transaction(async (tx) => {
    const row = await getPipelineRow(tx, id);
    if (row.isDefault) throw conflict('The default pipeline cannot be deleted. Make another pipeline the default first.');
    const inUse = await tx.count(deals, eq(deals.pipelineId, id));
    if (inUse > 0) throw conflict(`${inUse} deals use this pipeline. Move or delete them first.`);
    await tx.update(pipelines, id, 'Pipeline', { deletedAt: ctx.deps.clock.now() }, 'delete');
  });
}
