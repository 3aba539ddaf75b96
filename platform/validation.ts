import type { Hook } from '@hono/zod-openapi';
import type { z, ZodError } from 'zod';
import { validationFailed, type FieldIssue } from './errors';

/** zod's issues as the field list of a VALIDATION_FAILED error. */
export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    // zod's messages echo the received value for some checks; keep ours short and value-free.
    message: issue.message.length > 200 ? issue.message.slice(0, 200) : issue.message,
  }));
}

/** The value through the schema, or the one VALIDATION_FAILED error naming each field. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(fieldIssues(parsed.error));
  return parsed.data;
}

/** The default hook for every zod-openapi route: a zod failure becomes the one VALIDATION_FAILED error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) throw validationFailed(fieldIssues(result.error as ZodError));
};
