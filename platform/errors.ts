/**
 * The one error family, for the CRM server and the license service alike. Everything an API
 * refuses is an AppError; platform/http/error-handler.ts renders it as
 * `{ error: { code, message, details?, requestId } }`.
 */
export type ErrorCode =
  | 'BAD_REQUEST'
  | 'VALIDATION_FAILED'
  | 'MALFORMED_JSON'
  | 'UNAUTHENTICATED'
  | 'INVALID_CREDENTIALS'
  | 'TOKEN_EXPIRED'
  | 'FORBIDDEN'
  | 'TENANT_SUSPENDED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'CONFLICT'
  | 'IDEMPOTENCY_KEY_IN_PROGRESS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'RATE_LIMITED'
  | 'LAST_OWNER'
  | 'LICENSE_REQUIRED'
  | 'LICENSE_EXPIRED'
  | 'LICENSE_REVOKED'
  | 'LICENSE_SEAT_LIMIT'
  | 'LICENSE_TENANT_LIMIT'
  | 'LICENSE_FEATURE_DISABLED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL';

export interface FieldIssue {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    details?: unknown;
    requestId: string;
  };
}

export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 405 | 409 | 413 | 415 | 422 | 429 | 500 | 503,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After on 429. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (what = 'Resource') => new AppError(404, 'NOT_FOUND', `${what} not found.`);
export const forbidden = (message = 'Your role does not allow this action.') => new AppError(403, 'FORBIDDEN', message);
export const unauthenticated = (message = 'Sign in or send a valid token or API key.') => new AppError(401, 'UNAUTHENTICATED', message);
export const conflict = (message: string, details?: unknown) => new AppError(409, 'CONFLICT', message, details);
export const validationFailed = (issues: FieldIssue[], message = 'The request is not valid.') =>
  new AppError(400, 'VALIDATION_FAILED', message, { fields: issues });
export const malformedJson = () => new AppError(400, 'MALFORMED_JSON', 'The request body is not valid JSON.');
export const unsupportedMediaType = () =>
  new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the request body as JSON with Content-Type: application/json.');
export const payloadTooLarge = (message = 'The request body is too large.') => new AppError(413, 'PAYLOAD_TOO_LARGE', message);

/** 429 with Retry-After: how every rate limit refuses. `details` is what the caller may read besides the header. */
export const rateLimited = (message: string, retryAfterSeconds: number, details?: unknown) =>
  new AppError(429, 'RATE_LIMITED', message, details, { 'Retry-After': String(retryAfterSeconds) });
