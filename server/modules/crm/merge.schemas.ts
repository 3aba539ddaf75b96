import { z } from '@hono/zod-openapi';
import { idSchema } from '../../lib/schemas';
import type { AnyRecordSpec } from './record-kit';

const SIDES = ['target', 'source'] as const;

/** The field names a merge can take from the source: those the type's update accepts. */
export function mergeableFields(spec: AnyRecordSpec): string[] {
  return Object.keys((spec.schemas.update as z.ZodObject).shape);
}

/**
 * `POST /{id}/merge`'s body for a record type: the record merged into this one, and which of its
 * values the survivor takes (`source`) instead of keeping its own (`target`, the default).
 */
export function mergeBody(spec: AnyRecordSpec) {
  const label = spec.label.toLowerCase();
  const fields = Object.fromEntries(mergeableFields(spec).map((name) => [name, z.enum(SIDES).optional()]));
  return z
    .strictObject({
      sourceId: idSchema(spec.prefix).openapi({
        description: `The ${label} merged into this one: it goes to the trash, and whatever pointed at it points at this one.`,
      }),
      fields: z
        .strictObject(fields)
        .optional()
        .openapi({
          description: `Per field, whose value the surviving ${label} keeps: \`source\` takes the merged one's, \`target\` (the default) keeps its own.`,
        }),
    })
    .openapi(`Merge${spec.label}`);
}

export interface MergeInput {
  sourceId: string;
  fields?: Record<string, (typeof SIDES)[number] | undefined> | undefined;
}
