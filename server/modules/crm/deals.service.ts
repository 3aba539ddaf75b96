import { deals } from '../../db/schema-crm';
import type { RequestContext } from '../../lib/context';
import type { DealDto } from './deals.schemas';
import { stageEffects, stageInPipeline, toDealDto } from './deals.record';
import { getLive } from './record-kit';

/** Moves a deal along its pipeline: a won or lost stage closes it (lost needs a reason), an open stage reopens it. */
export function moveDeal(ctx: RequestContext, id: string, input: { stageId: string; lostReason?: string | undefined }): Promise<DealDto> {
  return ctx.scope.transaction(async (tx) => {
    const deal = await getLive(tx, deals, id, 'Deal');
    const stage = await stageInPipeline(tx, deal.pipelineId, input.stageId);
    const updated = await tx.update(deals, id, 'Deal', stageEffects(stage, input.lostReason, ctx.deps.clock.now(), deal), 'move');
    return toDealDto(updated, stage.probability);
  });
}
