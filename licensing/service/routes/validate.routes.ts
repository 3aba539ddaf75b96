/** The public POST /v1/licenses/validate: rate limited per address and per license, answered signed. */
import { Hono } from 'hono';
import { rateLimited } from '../../../platform/errors';
import { clientAddress } from '../../../platform/http/client-address';
import { readJson } from '../../../platform/http/json-body';
import type { WindowCounter } from '../../../platform/rate-limiter';
import type { ServiceContext, ServiceEnv } from '../context';
import { validateBody } from '../schemas';
import { validateLicense } from '../validation.service';

export interface ValidateRouteDeps {
  perLicense: WindowCounter;
  perAddress: WindowCounter;
  /** Take the client address from X-Forwarded-For (only behind a proxy you run). */
  trustProxy: boolean;
  context: (requestId: string, actor: string) => ServiceContext;
}

const tooMany = (what: string, retryAfter: number) =>
  rateLimited(`Too many validation requests ${what}. Try again in ${retryAfter} s.`, retryAfter);

export function validateRoutes(deps: ValidateRouteDeps) {
  return new Hono<ServiceEnv>().post('/validate', async (c) => {
    const address = clientAddress(c, deps.trustProxy);
    // Per address first, before any parsing or database work.
    const addressWait = deps.perAddress.take(address);
    if (addressWait) throw tooMany('from this address', addressWait);
    const input = await readJson(c, validateBody);
    const licenseWait = deps.perLicense.take(input.licenseId);
    if (licenseWait) throw tooMany('for this license', licenseWait);
    return c.json(validateLicense(deps.context(c.get('requestId'), 'instance'), input, address), 200);
  });
}
