import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, type ErrorBody, type ErrorCode } from '../lib/errors';
import type { AppEnv } from '../lib/context';

function respond(c: Context<AppEnv>, error: AppError): Response {
  const body: ErrorBody = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
      requestId: c.get('requestId') ?? 'unknown',
    },
  };
  for (const [name, value] of Object.entries(error.headers ?? {})) c.header(name, value);
  return c.json(body, error.status as ContentfulStatusCode);
}

const HTTP_CODES: Partial<Record<number, ErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Maps anything thrown to the one error shape. Only a genuine bug becomes a 500, and it is logged with its stack. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return new AppError(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
    if (err.status === 413) return new AppError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
    if (err.status === 415)
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON with Content-Type: application/json.');
    const code = HTTP_CODES[err.status];
    if (code) return new AppError(err.status as AppError['status'], code, err.message || code);
  }
  // A unique index caught a race two requests ran at once (e.g. the same email twice).
  if (err instanceof Error && 'code' in err && (err as { code: string }).code === 'SQLITE_CONSTRAINT_UNIQUE')
    return new AppError(409, 'CONFLICT', 'A record with the same unique value already exists.');
  return new AppError(500, 'INTERNAL', 'Something went wrong on the server. The request id identifies it in the logs.');
}

export function onError(err: unknown, c: Context<AppEnv>): Response {
  const appError = toAppError(err);
  if (appError.status === 500) {
    c.get('deps')?.logger.error({ requestId: c.get('requestId'), err }, 'unhandled error');
  }
  return respond(c, appError);
}

/**
 * JSON 404 and 405. A path that exists under another method answers 405 with
 * Allow, so an integrator knows the URL is right and the verb is wrong.
 */
export function notFoundHandler(routes: () => { method: string; path: string }[]) {
  let patterns: { method: string; re: RegExp }[] | undefined;
  return (c: Context<AppEnv>): Response => {
    patterns ??= routes()
      .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
      .map((r) => ({ method: r.method, re: new RegExp(`^${r.path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, '[^/]+')}/?$`) }));
    const allowed = [...new Set(patterns.filter((p) => p.re.test(c.req.path)).map((p) => p.method))];
    if (allowed.length > 0) {
      c.header('Allow', allowed.join(', '));
      return respond(c, new AppError(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here. Allowed: ${allowed.join(', ')}.`));
    }
    return respond(c, new AppError(404, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`));
  };
}
