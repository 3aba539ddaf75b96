import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { bearerSecurity, commonErrors, jsonResponse } from '../../lib/schemas';
import { AnalyticsSchema } from './analytics.schemas';
import { validationHook } from '../../../platform/validation';
import { analytics } from './analytics.service';

export const analyticsRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['Analytics'],
    summary:
      'The dashboard in one call: totals, leads by stage and source, conversion, open pipeline by stage, won/lost per month, activities per user per week',
    security: bearerSecurity,
    responses: { 200: jsonResponse(AnalyticsSchema, "Figures for the caller's organisation."), ...commonErrors },
  }),
  async (c) => c.json(await analytics(c.get('ctx')), 200),
);
