/**
 * The edge where anything thrown becomes the one error answer,
 * `{ error: { code, message, details?, requestId } }`, for both apps' `onError` and `notFound`.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError, malformedJson, payloadTooLarge, unsupportedMediaType, type ErrorBody, type ErrorCode } from '../errors';
import type { Logger } from '../logger';

/** Writes an AppError as the response, with its headers (Retry-After and the like). */
export function errorResponse(c: Context, error: AppError): Response {
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

/** Maps anything thrown to an AppError. Only a genuine bug becomes a 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400 && /json/i.test(err.message)) return malformedJson();
    if (err.status === 413) return payloadTooLarge();
    if (err.status === 415) return unsupportedMediaType();
    const code = HTTP_CODES[err.status];
    if (code) return new AppError(err.status as AppError['status'], code, err.message || code);
  }
  // A unique index caught a race two requests ran at once (e.g. the same email twice): SQLite's code, or PostgreSQL's unique_violation.
  if (err instanceof Error && 'code' in err && UNIQUE_VIOLATION.has((err as { code: unknown }).code as string))
    return new AppError(409, 'CONFLICT', 'A record with the same unique value already exists.');
  return new AppError(500, 'INTERNAL', 'Something went wrong on the server. The request id identifies it in the logs.');
}

const UNIQUE_VIOLATION = new Set(['SQLITE_CONSTRAINT_UNIQUE', '23505']);

/**
 * What the log keeps of an unexpected error: its name, message, code and stack, never the object
 * itself, whose other properties could carry request data.
 */
function describe(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { name: err.name, message: err.message, ...(typeof code === 'string' ? { code } : {}), stack: err.stack };
}

/** The app's `onError`: a 500 is logged with its stack under the request id the answer names. */
export function errorHandler(logger: Logger): ErrorHandler {
  return function onError(err, c) {
    const appError = toAppError(err);
    if (appError.status === 500) logger.error({ requestId: c.get('requestId'), err: describe(err) }, 'unhandled error');
    return errorResponse(c, appError);
  };
}

/**
 * JSON 404 for a path no route serves. Given the app's routes, a path that exists under another
 * method answers 405 with Allow instead, so an integrator knows the URL is right and the verb is wrong.
 */
export function notFoundHandler(routes?: () => { method: string; path: string }[]): NotFoundHandler {
  let patterns: { method: string; re: RegExp }[] | undefined;
  return function notFound(c) {
    if (routes) {
      patterns ??= routes()
        .filter((r) => r.method !== 'ALL' && !r.path.includes('*'))
        .map((r) => ({ method: r.method, re: new RegExp(`^${r.path.replace(/:[A-Za-z_]+(\{[^}]*\})?/g, '[^/]+')}/?$`) }));
      const allowed = [...new Set(patterns.filter((p) => p.re.test(c.req.path)).map((p) => p.method))];
      if (allowed.length > 0) {
        c.header('Allow', allowed.join(', '));
        return errorResponse(
          c,
          new AppError(405, 'METHOD_NOT_ALLOWED', `${c.req.method} is not allowed here. Allowed: ${allowed.join(', ')}.`),
        );
      }
    }
    return errorResponse(c, new AppError(404, 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}.`));
  };
}
