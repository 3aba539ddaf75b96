import { z } from '@hono/zod-openapi';
import type { TenantRow } from '../../data/instance';
import { iso, isoDate } from '../../lib/schemas';
import { TenantSettingsSchema } from './tenant-settings';

export const TenantSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    status: z.enum(['active', 'suspended', 'deleted']),
    settings: TenantSettingsSchema,
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Tenant');

export function toTenantDto(row: TenantRow) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status,
    settings: row.settings,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    deletedAt: iso(row.deletedAt),
  };
}
