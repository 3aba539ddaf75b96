/** The public POST /v1/licenses/validate: rate limited per address and per license, answered signed. */
import { Hono } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { AppError, type ErrorCode } from '../../../server/lib/errors';
import type { Clock } from '../../../server/lib/clock';
import type { ServiceContext } from '../context';
import { readJson, type ServiceEnv } from '../http';
import type { FixedWindowLimiter } from '../rate-limit';
import { validateBody } from '../schemas';
import { validateLicense } from '../validation.service';

export interface ValidateRouteDeps {
  clock: Clock;
  perLicense: FixedWindowLimiter;
  perAddress: FixedWindowLimiter;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  context: (requestId: string, actor: string) => ServiceContext;
}

function clientAddress(c: Context<ServiceEnv>, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local'; // in-process requests (tras-license local mode) have no socket
  }
}

const RATE_LIMITED: ErrorCode = 'RATE_LIMITED';
const tooMany = (what: string, retryAfter: number) =>
  new AppError(429, RATE_LIMITED, `Too many validation requests ${what}. Try again in ${retryAfter} s.`, undefined, {
    'Retry-After': String(retryAfter),
  });

export function validateRoutes(deps: ValidateRouteDeps) {
  return new Hono<ServiceEnv>().post('/validate', async (c) => {
    const address = clientAddress(c, deps.trustProxy);
    const now = deps.clock.now().getTime();
    // Per address first, before any parsing or database work.
    const addressWait = deps.perAddress.hit(address, now);
    if (addressWait) throw tooMany('from this address', addressWait);
    const input = await readJson(c, validateBody);
    const licenseWait = deps.perLicense.hit(input.licenseId, now);
    if (licenseWait) throw tooMany('for this license', licenseWait);
    return c.json(validateLicense(deps.context(c.get('requestId'), 'instance'), input, address), 200);
  });
}
