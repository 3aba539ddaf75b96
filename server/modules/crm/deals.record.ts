import { eq } from 'drizzle-orm';
import { findTenantById } from '../../data/instance';
import type { TenantScope } from '../../data/tenant-scope';
import { users } from '../../db/schema';
import { activities, companies, contacts, deals, pipelineStages, tasks } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import { validationFailed } from '../../../platform/errors';
import { iso } from '../../lib/schemas';
import type { CreateDealInput, DealDto, DealFilters } from './deals.schemas';
import { defaultPipeline, getPipelineRow, stagesOf } from './pipelines.service';
import { assertRefs, fromCents, toCents, type RecordSpec } from './record-kit';
import { isoTime } from '../../lib/iso-time';

type Row = typeof deals.$inferSelect;
type Stage = typeof pipelineStages.$inferSelect;

/** Probability shown for a deal: its own when set, else its stage's. */
export function toDealDto(row: Row, stageProbability?: number): DealDto {
  return {
    id: row.id,
    title: row.title,
    value: fromCents(row.valueCents) ?? 0,
    currency: row.currency,
    pipelineId: row.pipelineId,
    stageId: row.stageId,
    companyId: row.companyId,
    contactId: row.contactId,
    ownerId: row.ownerId,
    expectedCloseDate: row.expectedCloseDate,
    probability: row.probability ?? stageProbability ?? 0,
    status: row.status,
    closedAt: iso(row.closedAt),
    lostReason: row.lostReason,
    createdAt: isoTime(row.createdAt),
    updatedAt: isoTime(row.updatedAt),
    deletedAt: iso(row.deletedAt),
  };
}

export function stageInPipeline(scope: TenantScope, pipelineId: string, stageId: string): Stage {
  const stage = scope.find(pipelineStages, stageId, eq(pipelineStages.pipelineId, pipelineId));
  if (!stage) throw validationFailed([{ path: 'stageId', message: "That stage is not part of the deal's pipeline." }]);
  return stage;
}

/** Status, closing date and lost reason follow the stage: won and lost stages close the deal, open ones reopen it. */
export function stageEffects(stage: Stage, lostReason: string | null | undefined, now: Date, current?: Row) {
  if (stage.kind === 'lost' && !lostReason?.trim() && !current?.lostReason)
    throw validationFailed([{ path: 'lostReason', message: 'Say why the deal was lost.' }]);
  return {
    stageId: stage.id,
    status: stage.kind,
    closedAt: stage.kind === 'open' ? null : current?.status === stage.kind && current.closedAt ? current.closedAt : now,
    lostReason: stage.kind === 'lost' ? lostReason?.trim() || current?.lostReason || null : null,
  };
}

export const dealSpec: RecordSpec<typeof deals, DealDto, CreateDealInput, Partial<CreateDealInput>, DealFilters> = {
  table: deals,
  prefix: 'dea',
  label: 'Deal',
  searchKind: 'deal',
  sorts: {
    createdAt: deals.createdAt,
    updatedAt: deals.updatedAt,
    title: deals.title,
    value: deals.valueCents,
    expectedCloseDate: deals.expectedCloseDate,
  },
  toDto: (row, scope) => toDealDto(row, scope.find(pipelineStages, row.stageId)?.probability),
  filters: (_ctx, f) => [
    f.pipelineId ? eq(deals.pipelineId, f.pipelineId) : undefined,
    f.stageId ? eq(deals.stageId, f.stageId) : undefined,
    f.status ? eq(deals.status, f.status) : undefined,
    f.companyId ? eq(deals.companyId, f.companyId) : undefined,
    f.contactId ? eq(deals.contactId, f.contactId) : undefined,
  ],
  toInsert: (ctx, scope, input) => insertValues(ctx, scope, input),
  toPatch: (ctx, scope, input, existing) => {
    assertRefs(scope, [
      { id: input.companyId, table: companies, label: 'Company' },
      { id: input.contactId, table: contacts, label: 'Contact' },
      { id: input.ownerId, table: users, label: 'Owner' },
    ]);
    const { value, pipelineId, stageId, lostReason, ...rest } = input;
    const patch: Record<string, unknown> = { ...rest };
    if (value !== undefined) patch.valueCents = toCents(value);
    if (lostReason !== undefined) patch.lostReason = lostReason;
    const targetPipeline = pipelineId ?? existing.pipelineId;
    if (pipelineId && pipelineId !== existing.pipelineId) {
      getPipelineRow(scope, pipelineId);
      patch.pipelineId = pipelineId;
      if (!stageId) throw validationFailed([{ path: 'stageId', message: 'Give the stage in the new pipeline.' }]);
    }
    if (stageId)
      Object.assign(patch, stageEffects(stageInPipeline(scope, targetPipeline, stageId), lostReason, ctx.deps.clock.now(), existing));
    return patch;
  },
  referencedBy: [
    { table: activities, column: activities.dealId },
    { table: tasks, column: tasks.dealId },
  ],
};

export function insertValues(ctx: RequestContext, scope: TenantScope, input: CreateDealInput) {
  assertRefs(scope, [
    { id: input.companyId, table: companies, label: 'Company' },
    { id: input.contactId, table: contacts, label: 'Contact' },
    { id: input.ownerId, table: users, label: 'Owner' },
  ]);
  const pipeline = input.pipelineId ? getPipelineRow(scope, input.pipelineId) : defaultPipeline(scope);
  if (!pipeline) throw validationFailed([{ path: 'pipelineId', message: 'There is no pipeline yet. Create one first.' }]);
  const stage = input.stageId ? stageInPipeline(scope, pipeline.id, input.stageId) : stagesOf(scope, pipeline.id)[0]!;
  const currency = input.currency ?? findTenantById(scope.query, scope.tenantId)?.settings.currency ?? 'USD';
  return {
    title: input.title,
    valueCents: toCents(input.value ?? 0)!,
    currency,
    pipelineId: pipeline.id,
    companyId: input.companyId ?? null,
    contactId: input.contactId ?? null,
    ownerId: input.ownerId === undefined ? (ctx.auth.user?.id ?? null) : input.ownerId,
    expectedCloseDate: input.expectedCloseDate ?? null,
    probability: input.probability ?? null,
    ...stageEffects(stage, input.lostReason, ctx.deps.clock.now()),
  };
}
