import type { Context } from 'hono';

/**
 * The caller's address for rate limits. X-Forwarded-For is trusted only when
 * the operator says a proxy of theirs sits in front; otherwise anyone could
 * claim a fresh address per attempt.
 */
export function clientIp(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'local';
}
