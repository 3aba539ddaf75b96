import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { bearerSecurity, commonErrors } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { EXPORT_ENTITIES, exportChunks, exportFileName, toByteStream } from './export.service';
import { tenantDocumentChunks, tenantExportFileName } from './tenant-transfer.service';
import { ExportQuery, recordExportQuery } from './transfer-schemas';
import { RECORD_TYPES } from '../crm/record-types';
import type { AnyRecordSpec, ListSelectionQuery } from '../crm/record-kit';

const tags = ['Import and export'];

/** GET /api/export/:entity (CSV or JSON, streamed) and GET /api/export (the whole tenant as one JSON document). */
export const exportRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

exportRoutes.use('*', async function importExportLicensed(c, next) {
  c.get('deps').license.assertFeature('import_export');
  await next();
});

exportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Export the whole organisation as one JSON document',
    description:
      'Format version, export time, organisation settings, people (no password hashes) and every record, the trash included, with ids and references. The input of POST /api/import.',
    security: bearerSecurity,
    responses: {
      200: { description: 'The document, streamed.', content: { 'application/json': { schema: { type: 'object' } } } },
      ...commonErrors,
    },
  }),
  (c) => {
    const ctx = c.get('ctx');
    c.header('Content-Type', 'application/json; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="${tenantExportFileName(ctx)}"`);
    c.header('Cache-Control', 'no-store');
    // A streamed body where the document type says JSON: the typed client cannot narrow a stream anyway.
    return c.body(toByteStream(tenantDocumentChunks(ctx)), 200) as never;
  },
);

for (const entity of EXPORT_ENTITIES) {
  const spec = entity === 'pipelines' ? undefined : (RECORD_TYPES[entity] as AnyRecordSpec);
  exportRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/${entity}`,
      tags,
      summary: `Export ${entity} as CSV or JSON`,
      description:
        'Streamed, a page at a time. CSV has a header row (cells that look like formulas get a leading apostrophe); JSON is an array of the same objects the API returns.' +
        (spec
          ? ` Takes the query of GET /api/${entity} (q, its filters, sort, trash) without limit and cursor, and exports exactly the records that list shows across all its pages: in its order when \`sort\` is given, otherwise in id order. \`deleted=true\` adds the trash to the live records; \`trash=true\` exports the trash alone, as the list shows it.`
          : ' In id order.'),
      security: bearerSecurity,
      request: { query: spec ? recordExportQuery(spec.schemas.list) : ExportQuery },
      responses: {
        200: {
          description: 'The records.',
          content: {
            'text/csv': { schema: { type: 'string' } },
            'application/json': { schema: { type: 'array', items: { type: 'object' } } },
          },
        },
        ...commonErrors,
      },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const { format, deleted, ...query } = c.req.valid('query') as { format: 'csv' | 'json'; deleted: boolean } & ListSelectionQuery<
        Record<string, unknown>
      >;
      c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${exportFileName(ctx, entity, format)}"`);
      c.header('Cache-Control', 'no-store');
      return c.body(toByteStream(exportChunks(ctx, entity, format, deleted, spec ? query : undefined)), 200);
    },
  );
}
