import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { validationHook } from '../../lib/validation';

/** GET /api/license: status, terms, seats used, warnings. Filled in by the license-enforcement work. */
export const licenseRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
