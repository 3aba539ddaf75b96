import { count, sum } from 'drizzle-orm';
import { deals } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import type { BoardQueryInput, DealBoardDto, DealDto } from './deals.schemas';
import { dealSpec, stageEffects, stageInPipeline, toDealDto } from './deals.record';
import { getPipelineRow, stagesOf } from './pipelines.service';
import { fromCents, getLive, listConditions } from './record-kit';

/** Moves a deal along its pipeline: a won or lost stage closes it (lost needs a reason), an open stage reopens it. */
export function moveDeal(ctx: RequestContext, id: string, input: { stageId: string; lostReason?: string | undefined }): Promise<DealDto> {
  return ctx.scope.transaction(async (tx) => {
    const deal = await getLive(tx, deals, id, 'Deal');
    const stage = await stageInPipeline(tx, deal.pipelineId, input.stageId);
    const updated = await tx.update(deals, id, 'Deal', stageEffects(stage, input.lostReason, ctx.deps.clock.now(), deal), 'move');
    return toDealDto(updated, stage.probability);
  });
}

/**
 * A pipeline's board: every stage with how many live deals meet the filters and what they add
 * up to per currency, counted by the database in one grouped query (whatever the number of
 * deals). The conditions are the deal list's own, so a column's count is what
 * GET /api/deals?pipelineId=…&stageId=… with the same filters pages through.
 */
export function dealBoard(ctx: RequestContext, query: BoardQueryInput): Promise<DealBoardDto> {
  return ctx.scope.read(async (scope) => {
    await getPipelineRow(scope, query.pipelineId);
    const stages = await stagesOf(scope, query.pipelineId);
    const conditions = await listConditions(ctx, dealSpec, query);
    const groups = await scope.query
      .select({ stageId: deals.stageId, currency: deals.currency, count: count(), cents: sum(deals.valueCents).mapWith(Number) })
      .from(deals)
      .where(scope.where(deals, ...conditions))
      .groupBy(deals.stageId, deals.currency)
      .orderBy(deals.stageId, deals.currency)
      .all();
    return {
      pipelineId: query.pipelineId,
      stages: stages.map((stage) => {
        const own = groups.filter((g) => g.stageId === stage.id);
        return {
          stageId: stage.id,
          name: stage.name,
          position: stage.position,
          kind: stage.kind,
          count: own.reduce((n, g) => n + Number(g.count), 0),
          totals: own.map((g) => ({ currency: g.currency, amount: fromCents(g.cents ?? 0) ?? 0 })),
        };
      }),
    };
  });
}
