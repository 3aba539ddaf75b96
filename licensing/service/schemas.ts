/** zod schemas for every input the license service accepts. */
import { z } from 'zod';
import { FEATURES, LICENSE_ID_PATTERN, LIMITS, TIERS } from '../key';

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

export const licenseIdParam = z.object({ id: z.string().regex(LICENSE_ID_PATTERN, 'A license id is lic_ followed by 16 characters.') });

const isoDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const policySchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('online'),
    checkIntervalDays: z.number().int().min(1).max(LIMITS.intervalDays),
    graceDays: z.number().int().min(0).max(LIMITS.graceDays),
  }),
  z.object({ mode: z.literal('air-gapped') }),
]);

const customer = z
  .string()
  .trim()
  .min(1)
  .refine(
    (s) => utf8Bytes(s.normalize('NFC')) <= LIMITS.customerBytes,
    `At most ${LIMITS.customerBytes} bytes (UTF-8) so the key stays short.`,
  );

export const issueLicenseBody = z.strictObject({
  customer,
  tier: z.enum(TIERS),
  maxUsers: z.number().int().min(1).max(LIMITS.maxUsers),
  maxTenants: z.number().int().min(1).max(LIMITS.maxTenants),
  features: z.array(z.enum(FEATURES)).max(FEATURES.length).default([]),
  /** ISO date-time, or null for perpetual. */
  expiresAt: isoDate.nullable(),
  notBefore: isoDate.optional(),
  policy: policySchema,
  instanceId: z
    .string()
    .regex(/^[\x21-\x7e]{1,40}$/, 'Printable ASCII, at most 40 characters.')
    .optional(),
});
export type IssueLicenseInput = z.infer<typeof issueLicenseBody>;

export const renewLicenseBody = z.strictObject({
  expiresAt: isoDate.nullable(),
  customer: customer.optional(),
  tier: z.enum(TIERS).optional(),
  maxUsers: z.number().int().min(1).max(LIMITS.maxUsers).optional(),
  maxTenants: z.number().int().min(1).max(LIMITS.maxTenants).optional(),
  features: z.array(z.enum(FEATURES)).max(FEATURES.length).optional(),
  policy: policySchema.optional(),
});
export type RenewLicenseInput = z.infer<typeof renewLicenseBody>;

export const revokeBody = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const suspendBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });
export const resumeBody = z.strictObject({}).default({});

export const listQuery = z.object({
  q: z.string().trim().max(200).optional(),
  status: z.enum(['active', 'suspended', 'revoked']).optional(),
  tier: z.enum(TIERS).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type ListQuery = z.infer<typeof listQuery>;

export const validateBody = z.strictObject({
  licenseId: z.string().regex(LICENSE_ID_PATTERN, 'A license id is lic_ followed by 16 characters.'),
  instanceId: z.string().min(1).max(100),
  activeUsers: z.number().int().min(0).max(10_000_000),
  tenants: z.number().int().min(0).max(10_000_000),
  version: z.string().min(1).max(64),
  /** At least 16 characters so a caller cannot make answers predictable; at most 128. */
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, 'A nonce is 16 to 128 base64url characters.'),
});
export type ValidateInput = z.infer<typeof validateBody>;
