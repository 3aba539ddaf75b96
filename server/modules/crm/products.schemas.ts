import { z } from '@hono/zod-openapi';
import { isoDate, multiLine, singleLine } from '../../lib/schemas';
import { boolQuery, currency, money, recordListQuery } from './record-schemas';

export const ProductSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    sku: z.string().nullable(),
    description: z.string().nullable(),
    unitPrice: z.number().openapi({ description: 'In the currency, two decimals at most.' }),
    currency: z.string(),
    taxRate: z.number().openapi({ description: 'Percent, e.g. 21 or 5.5.' }),
    active: z.boolean(),
    createdAt: isoDate(),
    updatedAt: isoDate(),
    deletedAt: isoDate().nullable(),
  })
  .openapi('Product');

const fields = {
  name: singleLine(200),
  sku: singleLine(64).nullable().optional(),
  description: multiLine(5000).nullable().optional(),
  unitPrice: money(),
  currency: currency().optional(),
  taxRate: z.number().min(0).max(100).multipleOf(0.01, 'At most two decimals.').optional(),
  active: z.boolean().optional(),
};

export const CreateProduct = z.strictObject(fields).openapi('CreateProduct');
export const UpdateProduct = z
  .strictObject({ ...fields, name: fields.name.optional(), unitPrice: fields.unitPrice.optional() })
  .refine((b) => Object.keys(b).length > 0, 'Send at least one field.')
  .openapi('UpdateProduct');
export const ListProducts = recordListQuery(['createdAt', 'updatedAt', 'name'], 'name').extend({
  active: boolQuery().optional(),
  sku: z.string().trim().max(64).optional(),
});

export type ProductDto = z.infer<typeof ProductSchema>;
export type CreateProductInput = z.infer<typeof CreateProduct>;
export type ProductFilters = z.infer<typeof ListProducts>;
