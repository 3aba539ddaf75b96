import { createRoute, type z } from '@hono/zod-openapi';
import { requireRole } from '../../middleware/require-role';
import { bearerSecurity, commonErrors, IdParams, jsonBody, jsonResponse } from '../../lib/schemas';
import { mergeBody } from './merge.schemas';
import type { AnyRecordSpec } from './record-kit';

/** `POST /{id}/merge` for a record type (contacts, companies): the handler calls mergeRecords. */
export const mergeRoute = <S extends AnyRecordSpec & { schemas: { dto: z.ZodObject } }>(spec: S) => {
  const label = spec.label.toLowerCase();
  return createRoute({
    method: 'post',
    path: '/{id}/merge',
    tags: [spec.tag],
    summary: `Merge another ${label} into this one`,
    description:
      `In one transaction: the activities, tasks, deals and other records that point at the source ${label} point at this one ` +
      `instead, this ${label} takes the source's values of the fields marked \`source\`, and the source goes to the trash ` +
      `(restorable). The audit log keeps a \`merge\` entry on this ${label} naming the source and the fields taken. ` +
      'Answers the merged record.',
    security: bearerSecurity,
    middleware: [requireRole('member')] as const,
    request: { params: IdParams, body: jsonBody(mergeBody(spec)) },
    responses: { 200: jsonResponse(spec.schemas.dto as S['schemas']['dto'], 'Merged: the surviving record.'), ...commonErrors },
  });
};

/** `GET /duplicates` for a record type: declared before `GET /{id}`, which would take the path for an id. */
export const duplicatesRoute = <Q extends z.ZodObject, R extends z.ZodObject>(spec: AnyRecordSpec, query: Q, answer: R, on: string) =>
  createRoute({
    method: 'get',
    path: '/duplicates',
    tags: [spec.tag],
    summary: `Possible duplicates of a ${spec.label.toLowerCase()}: live records with the same ${on}, ignoring case`,
    description: `At most 10, the strongest match first (\`matchedOn\`); each record once.`,
    security: bearerSecurity,
    request: { query },
    responses: { 200: jsonResponse(answer, 'The possible duplicates (none is an empty list).'), ...commonErrors },
  });
