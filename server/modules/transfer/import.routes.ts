import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { validationHook } from '../../lib/validation';

/** POST /api/import/:entity (CSV, streaming). Filled in by the import/export work. */
export const importRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
