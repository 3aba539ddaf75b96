import { z } from '@hono/zod-openapi';
import { IMPORT_ENTITIES } from './import-columns';

/** Query parameters of POST /api/import/:entity. `map.<header>=<field>` parameters are read alongside. */
export const ImportQuery = z
  .object({
    mode: z.enum(['dry-run', 'skip-invalid', 'all-or-nothing']).default('dry-run').openapi({
      description:
        'dry-run writes nothing and reports what would happen; skip-invalid imports the good rows and returns the bad ones; all-or-nothing imports nothing if any row is bad (422).',
    }),
    duplicates: z.enum(['skip', 'update', 'create']).default('skip').openapi({
      description: 'What a row that matches an existing record does: see docs/import-export.md for what "matches" means per record type.',
    }),
    mapping: z.string().max(20_000).optional().openapi({
      description:
        'JSON object of CSV header to field, e.g. {"E-mail":"email","Notes":""} ("" ignores a column). Or repeat map.<header>=<field>.',
    }),
    maxErrors: z.coerce.number().int().min(1).max(10_000).default(100).openapi({ description: 'How many row errors the answer lists.' }),
  })
  .passthrough();

export const ImportReportSchema = z
  .object({
    entity: z.enum(IMPORT_ENTITIES),
    mode: z.string(),
    duplicatesPolicy: z.string(),
    committed: z.boolean(),
    counts: z.object({
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      duplicates: z.number().int(),
      invalid: z.number().int(),
      companiesCreated: z.number().int(),
    }),
    columns: z.object({ mapped: z.record(z.string(), z.string()), ignored: z.array(z.string()) }),
    errors: z.array(z.object({ line: z.number().int(), field: z.string().optional(), message: z.string() })),
    errorsTruncated: z.boolean(),
    rejectedCsv: z.string().optional().openapi({ description: "The rejected rows as CSV: the file's header plus an error column." }),
    rejectedTruncated: z.boolean().optional(),
    durationMs: z.number().int(),
  })
  .openapi('ImportReport');

export const ImportFieldsQuery = z.object({
  columns: z.string().max(20_000).optional().openapi({
    description: 'JSON array of a file\'s header names, e.g. ["Surname","E-mail address"]: the answer suggests a field for each.',
  }),
});

export const ImportFieldsSchema = z
  .object({
    entity: z.enum(IMPORT_ENTITIES),
    fields: z.array(
      z.object({
        name: z.string(),
        kind: z.enum(['text', 'number', 'integer']),
        aliases: z.array(z.string()),
        note: z.string().optional(),
      }),
    ),
    columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })).openapi({
      description: 'For each header sent: the field it matches by name or alias, or null (ignored). A field is suggested once.',
    }),
  })
  .openapi('ImportFields');

export const ExportQuery = z.object({
  format: z.enum(['csv', 'json']).default('csv'),
  deleted: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'true also exports the records in the trash (with their deletedAt).' }),
});

/**
 * A record type's export query: its list's (GET /api/<type>) without limit and cursor, one way to
 * say which rows, plus the format and `deleted`. The list's `deleted` (the older name of `trash`)
 * gives way to the export's own, which adds the trash to the live records; `sort` has no default
 * here, since without one the export keeps its id order.
 */
export function recordExportQuery(list: z.ZodObject) {
  const sort = (list.shape.sort as z.ZodDefault<z.ZodEnum>).unwrap();
  return list.omit({ limit: true, cursor: true, deleted: true } as never).extend({
    ...ExportQuery.shape,
    sort: sort.optional().openapi({
      description: "The list's order (a field name, or -field for descending). Without it the records come in id order.",
    }),
  });
}

export const TenantImportReportSchema = z
  .object({
    created: z.record(z.string(), z.number().int()),
    users: z.object({ matched: z.array(z.string()), unmatched: z.array(z.string()) }),
    settingsApplied: z.boolean(),
    durationMs: z.number().int(),
  })
  .openapi('TenantImportReport');
