import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { AppError, validationFailed } from '../../../platform/errors';
import { bearerSecurity, commonErrors, jsonResponse } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { requireRole } from '../../middleware/require-role';
import { IMPORT_ENTITIES, importFields, mappingFrom, suggestFields } from './import-columns';
import { importCsv, tooLarge } from './import.service';
import { importTenant, TenantDocument } from './tenant-transfer.service';
import { ImportFieldsQuery, ImportFieldsSchema, ImportQuery, ImportReportSchema, TenantImportReportSchema } from './transfer-schemas';

const tags = ['Import and export'];
const CSV_TYPES = new Set(['text/csv', 'application/csv', 'text/plain', 'application/vnd.ms-excel']);

/** POST /api/import/:entity (CSV, streamed) and POST /api/import (a whole-tenant document into an empty tenant). */
export const importRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

importRoutes.use('*', async function importExportLicensed(c, next) {
  c.get('deps').license.assertFeature('import_export');
  await next();
});

/** Parses the `columns` parameter of the fields route: a JSON array of header names. */
function headerList(json: string | undefined): string[] {
  if (json === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = null;
  }
  if (!Array.isArray(parsed) || parsed.length > 500 || parsed.some((v) => typeof v !== 'string'))
    throw validationFailed([{ path: 'columns', message: 'Give a JSON array of at most 500 header names, e.g. ["Surname","E-mail"].' }]);
  return parsed as string[];
}

for (const entity of IMPORT_ENTITIES) {
  // Read-only and the same for every organisation: lets the web UI offer the fields and the server's own matching.
  importRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/${entity}/fields`,
      tags,
      summary: `The columns an import of ${entity} understands, and how a header row would be matched`,
      security: bearerSecurity,
      middleware: [requireRole('member')] as const,
      request: { query: ImportFieldsQuery },
      responses: { 200: jsonResponse(ImportFieldsSchema, 'The fields, and a suggestion for each header sent.'), ...commonErrors },
    }),
    (c) => {
      const header = headerList(c.req.valid('query').columns);
      const suggested = suggestFields(entity, header);
      return c.json(
        {
          entity,
          fields: importFields(entity).map(({ resolved: _resolved, ...f }) => f),
          columns: header.map((h, i) => ({ header: h, field: suggested[i] ?? null })),
        },
        200,
      );
    },
  );
}

for (const entity of IMPORT_ENTITIES) {
  const fields = importFields(entity)
    .map((f) => `\`${f.name}\`${f.note ? ` (${f.note})` : ''}`)
    .join(', ');
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
      if (!CSV_TYPES.has(type))
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the file as the request body with Content-Type: text/csv.');
      const query = c.req.valid('query');
      const pairs = Object.entries(c.req.queries())
        .filter(([key]) => key.startsWith('map.'))
        .map(([key, values]) => [key.slice(4), values[values.length - 1] ?? ''] as [string, string]);
      const maxBytes = c.get('deps').config.importMaxBytes;
      if (Number(c.req.header('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
      const report = await importCsv(c.get('ctx'), c.req.raw.body, {
        entity,
        mode: query.mode,
        duplicates: query.duplicates,
        mapping: mappingFrom(query.mapping, pairs),
        maxErrors: query.maxErrors,
        maxBytes,
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
    description:
      'The body is the document GET /api/export produced. Records get new ids; references are remapped; people are matched by email. 409 when the organisation already has records.',
    security: bearerSecurity,
    middleware: [requireRole('admin')] as const,
    // Declared under its own media type (application/json is accepted too): it is a document, not a record to create.
    request: { body: { required: true, content: { 'application/vnd.trasealla.tenant+json': { schema: TenantDocument } } } },
    responses: {
      201: jsonResponse(TenantImportReportSchema, 'Imported.'),
      409: { description: 'The organisation is not empty.' },
      ...commonErrors,
    },
  }),
  async (c) => c.json(await importTenant(c.get('ctx'), c.req.valid('json')), 201),
);
