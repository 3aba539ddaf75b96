/** HTTP plumbing for the service: request ids, JSON input through zod, the one error shape. */
import type { Context, MiddlewareHandler } from 'hono';
import { type z } from 'zod';
import { AppError, validationFailed, type ErrorCode } from '../../server/lib/errors';
import { newId } from '../../server/lib/ids';
import type { Logger } from '../../server/lib/logger';

export interface ServiceVariables {
  requestId: string;
  actor: string;
}
export type ServiceEnv = { Variables: ServiceVariables };

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,100}$/;

export function requestIdMiddleware(logger: Logger): MiddlewareHandler<ServiceEnv> {
  return async function requestId(c, next) {
    const given = c.req.header('x-request-id');
    const id = given && REQUEST_ID.test(given) ? given : newId('req');
    c.set('requestId', id);
    c.header('x-request-id', id);
    const started = performance.now();
    await next();
    // Method, path and status only: never headers (the operator token) or bodies.
    logger.info(
      {
        requestId: id,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    );
  };
}

function fieldIssues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.') || '(body)', message: i.message }));
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationFailed(fieldIssues(parsed.error));
  return parsed.data;
}

export async function readJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send JSON with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
  }
  return parseWith(schema, body);
}

export function errorResponse(c: Context<ServiceEnv>, err: unknown, logger: Logger): Response {
  const requestId = c.get('requestId') ?? 'none';
  let status: AppError['status'] = 500;
  let code: ErrorCode = 'INTERNAL';
  let message = 'Something went wrong on our side. The request id helps us find it.';
  let details: unknown;
  let headers: Record<string, string> = {};
  if (err instanceof AppError) {
    ({ status, code, message, details } = err);
    headers = err.headers ?? {};
  } else {
    // Name and message only: a stack or an error object could carry request data.
    logger.error({ requestId, err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'unhandled error');
  }
  const body = { error: details === undefined ? { code, message, requestId } : { code, message, details, requestId } };
  return c.json(body, status, headers);
}
