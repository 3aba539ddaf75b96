import { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { MergeSchemaPath, Schema } from 'hono/types';
import { bodyLimit } from 'hono/body-limit';
import { randomUUID } from 'node:crypto';
import { payloadTooLarge } from '../platform/errors';
import { errorHandler, notFoundHandler } from '../platform/http/error-handler';
import { requestLog } from '../platform/http/request-log';
import { responseHeaders, SECURITY_HEADERS } from '../platform/http/response-headers';
import { validationHook } from '../platform/validation';
import type { AppDeps, AppEnv, AuthInfo } from './lib/context';
import { authenticate } from './middleware/authenticate';
import { licenseActivated, licenseGate } from './middleware/license';
import { viewersReadOnly } from './middleware/require-role';
import { adminTenantsRoutes } from './modules/admin-tenants/admin-tenants.routes';
import { apiKeysRoutes } from './modules/api-keys/api-keys.routes';
import { authRoutes, SELF_SERVICE_PATHS } from './modules/auth/auth.routes';
import { licenseRoutes } from './modules/license/license.routes';
import { activitiesRoutes, tasksRoutes } from './modules/crm/activities.routes';
import { analyticsRoutes } from './modules/crm/analytics.routes';
import { companiesRoutes } from './modules/crm/companies.routes';
import { contactsRoutes } from './modules/crm/contacts.routes';
import { dealsRoutes } from './modules/crm/deals.routes';
import { leadsRoutes } from './modules/crm/leads.routes';
import { pipelinesRoutes } from './modules/crm/pipelines.routes';
import { productsRoutes } from './modules/crm/products.routes';
import { RECORD_TYPE_NAMES, type RecordTypeName } from './modules/crm/record-types';
import { searchRoutes } from './modules/crm/search.routes';
import { exportRoutes } from './modules/transfer/export.routes';
import { importRoutes } from './modules/transfer/import.routes';
import { docsRoutes } from './modules/system/docs.routes';
import { healthRoutes } from './modules/system/health.routes';
import { webRoutes } from './modules/system/web.routes';
import { tenantRoutes } from './modules/tenant/tenant.routes';
import { peopleRoutes } from './modules/users/people.routes';
import { usersRoutes } from './modules/users/users.routes';

export const API_VERSION = '1';

/** Paths under /api that need no credential. */
const PUBLIC_API = (path: string) => path === '/api/auth/login' || path === '/api/openapi.json' || path.startsWith('/api/docs');

/** The access log's who: tenant, user and API key ids of an authenticated request. */
function whoAsked(c: Context<AppEnv>): Record<string, unknown> {
  const auth = c.get('auth') as AuthInfo | undefined; // unset when the request was refused before authentication
  return { tenantId: auth?.tenant.id, userId: auth?.user?.id, apiKeyId: auth?.apiKey?.id };
}

/**
 * Each record type's routes, at /api/<name>: keyed by the registry's names, so a type without
 * routes (or routes without a type) does not compile.
 */
const RECORD_ROUTES = {
  companies: companiesRoutes,
  contacts: contactsRoutes,
  deals: dealsRoutes,
  leads: leadsRoutes,
  activities: activitiesRoutes,
  tasks: tasksRoutes,
  products: productsRoutes,
} satisfies Record<RecordTypeName, OpenAPIHono<AppEnv, Schema, '/'>>;

type RecordRoutes = typeof RECORD_ROUTES;
type SchemaOf<H> = H extends OpenAPIHono<AppEnv, infer S, '/'> ? S : never;
/** The record routes' schemas as one route() per type would type them, for the typed client. */
type RecordSchemas = { [K in keyof RecordRoutes]: MergeSchemaPath<SchemaOf<RecordRoutes[K]>, `/api/${K}`> }[keyof RecordRoutes];

function mountRecordRoutes<S extends Schema>(app: OpenAPIHono<AppEnv, S, '/'>): OpenAPIHono<AppEnv, S | RecordSchemas, '/'> {
  for (const name of RECORD_TYPE_NAMES) app.route(`/api/${name}`, RECORD_ROUTES[name]);
  return app as unknown as OpenAPIHono<AppEnv, S | RecordSchemas, '/'>;
}

/** The API proper, chained so its type carries every route for the typed client. */
function mountApi(app: OpenAPIHono<AppEnv>) {
  return mountRecordRoutes(app)
    .route('/api/auth', authRoutes)
    .route('/api/tenant', tenantRoutes)
    .route('/api/users', usersRoutes)
    .route('/api/people', peopleRoutes)
    .route('/api/api-keys', apiKeysRoutes)
    .route('/api/admin/tenants', adminTenantsRoutes)
    .route('/api/license', licenseRoutes)
    .route('/api/pipelines', pipelinesRoutes)
    .route('/api/search', searchRoutes)
    .route('/api/analytics', analyticsRoutes)
    .route('/api/import', importRoutes)
    .route('/api/export', exportRoutes);
}

/** The whole server as a Hono app: the same object serves HTTP, runs in-process tests and types the web client. */
export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
  app.use('*', async function provideDeps(c, next) {
    c.set('deps', deps);
    await next();
  });
  // Every header the server sets on every answer, in one place: the security headers, and no-store on the API's.
  app.use('*', responseHeaders({ newRequestId: randomUUID, headers: SECURITY_HEADERS, noStore: (path) => path.startsWith('/api/') }));
  app.use('*', requestLog(deps.logger, { fields: whoAsked, observe: deps.metrics.observe.bind(deps.metrics) }));
  const refuse = (message: string) => () => {
    throw payloadTooLarge(message);
  };
  // Imports (a CSV file, a whole-tenant document) have a limit of their own.
  const { bodyLimitBytes, importMaxBytes } = deps.config;
  const limits = {
    body: { max: bodyLimitBytes, refuse: refuse(`The request body is larger than ${bodyLimitBytes} bytes.`) },
    import: { max: importMaxBytes, refuse: refuse(`The file is larger than ${importMaxBytes} bytes. Split it into smaller files.`) },
  };
  const chunked = {
    body: bodyLimit({ maxSize: limits.body.max, onError: limits.body.refuse }),
    import: bodyLimit({ maxSize: limits.import.max, onError: limits.import.refuse }),
  };
  // Only where a body is expected. Without Transfer-Encoding a body is exactly its Content-Length
  // (none without one; Node's parser never delivers more), so the number is all there is to check.
  // bodyLimit() looks at the body itself, which makes the Node adapter build a full fetch Request
  // instead of reading the body directly: a tenth of a create's CPU. Chunked bodies are counted as
  // they arrive. Not on CSV imports: for a chunked upload bodyLimit reads the whole body into
  // memory before the route runs; the import streams it and counts the bytes itself.
  app.use('/api/*', async function limitRequestBody(c, next) {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.path.startsWith('/api/import/')) return next();
    const which = c.req.path === '/api/import' ? 'import' : 'body';
    if (c.req.header('transfer-encoding') !== undefined) return chunked[which](c, next);
    if (Number(c.req.header('content-length') ?? 0) > limits[which].max) limits[which].refuse();
    return next();
  });
  app.use('/api/*', licenseActivated());
  const auth = authenticate();
  app.use('/api/*', async function authenticateApi(c, next) {
    if (PUBLIC_API(c.req.path)) return next();
    return auth(c, next);
  });
  app.use('/api/*', async function roleFloor(c, next) {
    if (PUBLIC_API(c.req.path)) return next();
    return viewersReadOnly(SELF_SERVICE_PATHS)(c, next);
  });
  app.use('/api/*', licenseGate(SELF_SERVICE_PATHS));

  const api = mountApi(app);
  app.route('/', healthRoutes);
  app.route('/', docsRoutes);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A token from POST /api/auth/login, or an API key `tcrm_<prefix>_<secret>`.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookie', { type: 'apiKey', in: 'cookie', name: 'tras_session' });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Trasealla CRM API',
      version: API_VERSION,
      description:
        "Every route acts inside the caller's own organisation (tenant). Lists answer `{ data, nextCursor, total }`; errors answer `{ error: { code, message, details?, requestId } }`.",
    },
    servers: [{ url: '/' }],
  });

  app.route('/', webRoutes(deps.webDir));
  app.notFound(notFoundHandler(() => app.routes));
  app.onError(errorHandler(deps.logger));
  return api;
}

export type AppType = ReturnType<typeof createApp>;
