import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { bearerSecurity, commonErrors, jsonResponse } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { AppError } from '../../../platform/errors';
import { getLicense } from './license.service';

const when = z.string().nullable().openapi({ format: 'date-time' });
const LicenseSchema = z
  .object({
    status: z.enum(['unlicensed', 'invalid', 'active', 'grace', 'expired', 'revoked', 'suspended']),
    readOnly: z.boolean(),
    reason: z.string().nullable(),
    instanceId: z.string().nullable(),
    licenseId: z.string().nullable(),
    customer: z.string().nullable(),
    tier: z.string().nullable(),
    tierName: z.string().nullable(),
    features: z.array(z.string()),
    policy: z
      .object({ mode: z.enum(['online', 'air-gapped']), checkIntervalDays: z.number().nullable(), graceDays: z.number().nullable() })
      .nullable(),
    issuedAt: when,
    expiresAt: when,
    daysLeft: z.number().nullable(),
    graceEndsAt: when,
    readOnlyFrom: when,
    seats: z.object({ used: z.number(), licensed: z.number() }),
    tenants: z.object({ used: z.number(), licensed: z.number() }),
    lastValidation: z.object({
      attemptedAt: when,
      result: z.enum(['verified', 'unreachable']).nullable(),
      reason: z.string().nullable(),
      lastGoodAt: when,
      status: z.string().nullable(),
      nextCheckAt: when,
    }),
    warnings: z.array(z.string()),
  })
  .openapi('License');

/** GET /api/license: status, terms, seats and tenants used, expiry, grace, last validation, warnings. Any signed-in role. */
export const licenseRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['License'],
    summary: "This instance's license: status, terms, seats used, warnings",
    security: bearerSecurity,
    responses: { 200: jsonResponse(LicenseSchema, 'The license.'), ...commonErrors },
  }),
  async (c) => {
    const report = await getLicense(c.get('ctx'));
    if (!report) throw new AppError(404, 'NOT_FOUND', 'This server runs without a license manager.');
    return c.json(report, 200);
  },
);
