import type { Hook } from '@hono/zod-openapi';
import type { ZodError } from 'zod';
import { validationFailed, type FieldIssue } from './errors';

export function fieldIssues(error: ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(body)',
    // zod's messages echo the received value for some checks; keep ours short and value-free.
    message: issue.message.length > 200 ? issue.message.slice(0, 200) : issue.message,
  }));
}

/** The default hook for every route: a zod failure becomes the one VALIDATION_FAILED error. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result) => {
  if (!result.success) throw validationFailed(fieldIssues(result.error as ZodError));
};
