import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { validationHook } from '../../lib/validation';

/** GET /api/export/:entity and GET /api/export (whole tenant). Filled in by the import/export work. */
export const exportRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
