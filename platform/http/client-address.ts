import type { Context } from 'hono';

/**
 * The caller's address, for rate limits and the records that name it. X-Forwarded-For is trusted
 * only when the operator says a proxy of theirs sits in front; otherwise anyone could claim a
 * fresh address per attempt. Even then only its last entry: the operator's proxy appends the
 * address it saw (nginx's $proxy_add_x_forwarded_for, Traefik, HAProxy), while every entry
 * before it is whatever the client chose to send. A request made in process (app.request,
 * tras-license local mode) has no socket: "local".
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  if (!incoming) return 'local';
  // A socket already closed by the client has no address left.
  return incoming.socket?.remoteAddress ?? 'unknown';
}
