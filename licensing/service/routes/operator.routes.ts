/** Operator routes under /v1/licenses: Bearer operator token; validate input, call one service function. */
import { Hono, type MiddlewareHandler } from 'hono';
import { unauthenticated } from '../../../platform/errors';
import { readJson } from '../../../platform/http/json-body';
import { parseWith } from '../../../platform/validation';
import type { ServiceContext, ServiceEnv } from '../context';
import { issueLicense, listLicenses, renewLicense, resumeLicense, revokeLicense, showLicense, suspendLicense } from '../licenses.service';
import { operatorTokenMatches } from '../operator-token';
import { issueLicenseBody, licenseIdParam, listQuery, renewLicenseBody, revokeBody, suspendBody } from '../schemas';
import { listInstances } from '../validation.service';

export interface OperatorRouteDeps {
  operatorTokenHash: string;
  actorLabel: string;
  context: (requestId: string, actor: string) => ServiceContext;
}

function requireOperator(deps: OperatorRouteDeps): MiddlewareHandler<ServiceEnv> {
  return async function operatorAuth(c, next) {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match || !operatorTokenMatches(match[1]!, deps.operatorTokenHash)) {
      throw unauthenticated('Send the operator token as "Authorization: Bearer <token>".');
    }
    c.set('actor', deps.actorLabel);
    await next();
  };
}

async function optionalJson<S extends Parameters<typeof parseWith>[0]>(c: Parameters<typeof readJson>[0], schema: S) {
  const length = c.req.header('content-length');
  if (length === '0' || (!c.req.header('content-type') && !length)) return parseWith(schema, {});
  return readJson(c, schema);
}

export function operatorRoutes(deps: OperatorRouteDeps) {
  const auth = requireOperator(deps);
  const ctx = (c: { get(k: 'requestId' | 'actor'): string }) => deps.context(c.get('requestId'), c.get('actor'));
  const id = (c: { req: { param(): Record<string, string> } }) => parseWith(licenseIdParam, c.req.param()).id;
  return new Hono<ServiceEnv>()
    .post('/', auth, async (c) => c.json(issueLicense(ctx(c), await readJson(c, issueLicenseBody)), 201))
    .get('/', auth, async (c) => c.json(await listLicenses(ctx(c), parseWith(listQuery, c.req.query())), 200))
    .get('/:id', auth, (c) => c.json(showLicense(ctx(c), id(c)), 200))
    .get('/:id/instances', auth, (c) => c.json(listInstances(ctx(c), id(c)), 200))
    .post('/:id/revoke', auth, async (c) => c.json(revokeLicense(ctx(c), id(c), (await readJson(c, revokeBody)).reason), 200))
    .post('/:id/suspend', auth, async (c) => c.json(suspendLicense(ctx(c), id(c), (await optionalJson(c, suspendBody)).reason), 200))
    .post('/:id/resume', auth, (c) => c.json(resumeLicense(ctx(c), id(c)), 200))
    .post('/:id/renew', auth, async (c) => c.json(renewLicense(ctx(c), id(c), await readJson(c, renewLicenseBody)), 200));
}
