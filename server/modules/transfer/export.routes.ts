import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { bearerSecurity, commonErrors } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { EXPORT_ENTITIES, exportChunks, exportFileName, toByteStream } from './export.service';
import { tenantDocumentChunks, tenantExportFileName } from './tenant-transfer.service';
import { ExportQuery } from './transfer-schemas';

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
  exportRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/${entity}`,
      tags,
      summary: `Export ${entity} as CSV or JSON`,
      description:
        'Streamed, a page at a time, in id order. CSV has a header row (cells that look like formulas get a leading apostrophe); JSON is an array of the same objects the API returns.',
      security: bearerSecurity,
      request: { query: ExportQuery },
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
      const { format, deleted } = c.req.valid('query');
      c.header('Content-Type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8');
      c.header('Content-Disposition', `attachment; filename="${exportFileName(ctx, entity, format)}"`);
      c.header('Cache-Control', 'no-store');
      return c.body(toByteStream(exportChunks(ctx, entity, format, deleted)), 200);
    },
  );
}
