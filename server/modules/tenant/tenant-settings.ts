import { z } from '@hono/zod-openapi';
import type { TenantSettings } from '../../db/schema';
import { singleLine } from '../../lib/schemas';

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const TenantSettingsSchema = z
  .strictObject({
    timezone: z.string().max(64).refine(isTimeZone, 'Not a known IANA time zone, e.g. Europe/Madrid.'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'A three-letter ISO 4217 code, e.g. EUR.'),
    branding: z.strictObject({
      primaryColor: z
        .string()
        .regex(/^#[0-9a-fA-F]{6}$/, 'A colour like #1f6feb.')
        .optional(),
      logoText: singleLine(40).optional(),
    }),
  })
  .openapi('TenantSettings');

export const TenantSettingsPatch = z
  .strictObject({
    timezone: TenantSettingsSchema.shape.timezone.optional(),
    currency: TenantSettingsSchema.shape.currency.optional(),
    branding: TenantSettingsSchema.shape.branding.optional(),
  })
  .openapi('TenantSettingsPatch');

export const DEFAULT_TENANT_SETTINGS: TenantSettings = { timezone: 'UTC', currency: 'USD', branding: {} };
