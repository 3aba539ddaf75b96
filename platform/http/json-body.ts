import type { Context } from 'hono';
import type { z } from 'zod';
import { malformedJson, unsupportedMediaType } from '../errors';
import { parseWith } from '../validation';

/** The request body as JSON through a zod schema: 415 without a JSON Content-Type, 400 for bad JSON or input. */
export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) throw unsupportedMediaType();
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw malformedJson();
  }
  return parseWith(schema, body);
}
