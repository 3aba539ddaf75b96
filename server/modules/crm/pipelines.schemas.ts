import { z } from '@hono/zod-openapi';
import { STAGE_KINDS } from '../../db/schema-crm';
import { idSchema, isoDate, listQuery, singleLine } from '../../lib/schemas';

export const StageSchema = z
  .object({ id: z.string(), name: z.string(), position: z.number().int(), probability: z.number().int(), kind: z.enum(STAGE_KINDS) })
  .openapi('PipelineStage');

export const PipelineSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    isDefault: z.boolean(),
    stages: z.array(StageSchema),
    createdAt: isoDate(),
    updatedAt: isoDate(),
  })
  .openapi('Pipeline');

const StageInput = z.strictObject({
  id: idSchema('stg').optional().openapi({ description: 'An existing stage to keep (renamed or moved); omit for a new stage.' }),
  name: singleLine(80),
  probability: z.number().int().min(0).max(100),
  kind: z.enum(STAGE_KINDS).default('open'),
});

/** Stages in board order; at least one open stage, and at most one won and one lost stage. */
const stageList = z
  .array(StageInput)
  .min(2)
  .max(30)
  .refine((s) => s.some((x) => x.kind === 'open'), 'Give at least one open stage.')
  .refine(
    (s) => s.filter((x) => x.kind === 'won').length <= 1 && s.filter((x) => x.kind === 'lost').length <= 1,
    'At most one won and one lost stage.',
  )
  .refine((s) => new Set(s.map((x) => x.name.toLowerCase())).size === s.length, 'Stage names must differ.');

export const CreatePipeline = z
  .strictObject({ name: singleLine(100), stages: stageList, isDefault: z.boolean().optional() })
  .openapi('CreatePipeline');
export const UpdatePipeline = z
  .strictObject({ name: singleLine(100).optional(), stages: stageList.optional(), isDefault: z.literal(true).optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdatePipeline');
export const ListPipelines = listQuery(['createdAt', 'name'], 'createdAt');

export type PipelineDto = z.infer<typeof PipelineSchema>;
export type CreatePipelineInput = z.infer<typeof CreatePipeline>;
export type UpdatePipelineInput = z.infer<typeof UpdatePipeline>;
