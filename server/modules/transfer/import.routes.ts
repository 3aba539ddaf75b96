import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { AppError } from '../../lib/errors';
import { bearerSecurity, commonErrors, jsonResponse } from '../../lib/schemas';
import { validationHook } from '../../lib/validation';
import { requireRole } from '../../middleware/require-role';
import { IMPORT_ENTITIES, IMPORT_FIELDS, mappingFrom } from './import-columns';
import { importCsv } from './import.service';
import { importTenant, TenantDocument } from './tenant-transfer.service';
import { ImportQuery, ImportReportSchema, TenantImportReportSchema } from './transfer-schemas';

const tags = ['Import and export'];
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel']);

/** POST /api/import/:entity (CSV, streamed) and POST /api/import (a whole-tenant document into an empty tenant). */
export const importRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

importRoutes.use('*', async function importExportLicensed(c, next) {
  c.get('deps').license.assertFeature('import_export');
  await next();
});

for (const entity of IMPORT_ENTITIES) {
  const fields = IMPORT_FIELDS[entity].map((f) => `\`${f.name}\`${f.note ? ` (${f.note})` : ''}`).join(', ');
  importRoutes.openapi(
    createRoute({
      method: 'post',
      path: `/${entity}`,
      tags,
      summary: `Import ${entity} from CSV`,
      description: `The body is the CSV file (Content-Type: text/csv), header row first. Columns: ${fields}. Headers match field names and common aliases case-insensitively; see docs/import-export.md.`,
      security: bearerSecurity,
      middleware: [requireRole('member')] as const,
      request: { query: ImportQuery, body: { required: true, content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } } },
      responses: {
        200: jsonResponse(ImportReportSchema, 'What was (or, for a dry run, would be) imported, with the rejected rows.'),
        413: { description: 'The file is larger than the import limit.' },
        415: { description: 'The body is not CSV.' },
        422: { description: 'all-or-nothing: some rows are not valid, nothing was imported; error.details is the report.' },
        ...commonErrors,
      },
    }),
    async (c) => {
      const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (!CSV_TYPES.has(type)) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as the request body with Content-Type: text/csv.');
      const query = c.req.valid('query');
      const pairs = Object.entries(c.req.queries())
        .filter(([key]) => key.startsWith('map.'))
        .map(([key, values]) => [key.slice(4), values[values.length - 1] ?? ''] as [string, string]);
      const report = await importCsv(c.get('ctx'), c.req.raw.body, {
        entity,
        mode: query.mode,
        duplicates: query.duplicates,
        mapping: mappingFrom(query.mapping, pairs),
        maxErrors: query.maxErrors,
        maxBytes: c.get('deps').config.importMaxBytes,
      });
      return c.json(report, 200);
    },
  );
}

importRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Import a whole-organisation export into this (empty) organisation',
    description: 'The body is the document GET /api/export produced. Records get new ids; references are remapped; people are matched by email. 409 when the organisation already has records.',
    security: bearerSecurity,
    middleware: [requireRole('admin')] as const,
    // Declared under its own media type (application/json is accepted too): it is a document, not a record to create.
    request: { body: { required: true, content: { 'application/vnd.trasealla.tenant+json': { schema: TenantDocument } } } },
    responses: { 201: jsonResponse(TenantImportReportSchema, 'Imported.'), 409: { description: 'The organisation is not empty.' }, ...commonErrors },
  }),
  (c) => c.json(importTenant(c.get('ctx'), c.req.valid('json')), 201),
);
