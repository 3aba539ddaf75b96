import { eq, inArray, isNull, sql } from 'drizzle-orm';
import { findTenantById } from '../../data/instance';
import { products } from '../../db/schema-crm';
import { iso } from '../../lib/schemas';
import { isoTime } from '../../lib/iso-time';
import { validationFailed } from '../../../platform/errors';
import type { TenantScope } from '../../data/tenant-scope';
import { byKeys, keysWithPrefix, lowerCell } from './duplicate-keys';
import {
  CreateProduct,
  ListProducts,
  ProductSchema,
  UpdateProduct,
  type CreateProductInput,
  type ProductDto,
  type ProductFilters,
} from './products.schemas';
import { fromCents, toCents, type RecordSpec } from './record-kit';
import { centsOrNull, dateOrNull, importField } from './record-transfer';

type Row = typeof products.$inferSelect;

export const toProductDto = (row: Row): ProductDto => ({
  id: row.id,
  name: row.name,
  sku: row.sku,
  description: row.description,
  unitPrice: fromCents(row.unitPriceCents)!,
  currency: row.currency,
  taxRate: row.taxRateBp / 100,
  active: row.active,
  createdAt: isoTime(row.createdAt),
  updatedAt: isoTime(row.updatedAt),
  deletedAt: iso(row.deletedAt),
});

/** Another live product of the tenant has this SKU: a clear 400 instead of the unique index's error. */
async function assertFreeSku(scope: TenantScope, sku: string | null | undefined, self?: string): Promise<void> {
  if (!sku) return;
  const other = (
    await scope.query
      .select({ id: products.id, deletedAt: products.deletedAt })
      .from(products)
      .where(scope.where(products, eq(products.sku, sku)))
      .all()
  ).find((p) => p.deletedAt === null && p.id !== self);
  if (other) throw validationFailed([{ path: 'sku', message: `Another product has the SKU ${sku}.` }]);
}

export const productSpec = {
  table: products,
  prefix: 'prd',
  label: 'Product',
  tag: 'Products',
  schemas: { dto: ProductSchema, create: CreateProduct, update: UpdateProduct, list: ListProducts },
  search: { kind: 'product', slot: 4, label: 'new.name', name: 'new.name', extra: ['new.sku', 'new.description'] },
  // A product's history is its changes: no activity or task is about a product.
  timeline: {},
  sorts: { createdAt: products.createdAt, updatedAt: products.updatedAt, name: products.name },
  toDto: toProductDto,
  filters: (_ctx, f) => [f.active === undefined ? undefined : eq(products.active, f.active), f.sku ? eq(products.sku, f.sku) : undefined],
  toInsert: async (_ctx, scope, input) => {
    await assertFreeSku(scope, input.sku);
    return {
      name: input.name,
      sku: input.sku ?? null,
      description: input.description ?? null,
      unitPriceCents: toCents(input.unitPrice)!,
      currency: input.currency ?? (await findTenantById(scope.query, scope.tenantId))?.settings.currency ?? 'USD',
      taxRateBp: Math.round((input.taxRate ?? 0) * 100),
      active: input.active ?? true,
    };
  },
  toPatch: async (_ctx, scope, input, existing) => {
    await assertFreeSku(scope, input.sku, existing.id);
    const { unitPrice, taxRate, ...rest } = input;
    const patch: Record<string, unknown> = { ...rest };
    if (unitPrice !== undefined) patch.unitPriceCents = toCents(unitPrice);
    if (taxRate !== undefined) patch.taxRateBp = Math.round(taxRate * 100);
    return patch;
  },
  bulk: true,
  referencedBy: [],
  transfer: {
    exportNames: [],
    import: {
      fields: [
        importField('name', ['product', 'product name', 'item']),
        importField('sku', ['code', 'product code', 'item code']),
        importField('description', ['details']),
        importField('unitPrice', ['price', 'unit price', 'list price'], 'number'),
        importField('currency', ['currency code']),
        importField('taxRate', ['tax', 'tax rate', 'vat'], 'number', 'percent, e.g. 21'),
      ],
      duplicates: {
        // The same SKU is the same product; without one, the same name.
        keys: (raw) => (raw.sku ? [`s:${raw.sku.trim()}`] : raw.name ? [`n:${lowerCell(raw.name)}`] : []),
        existing: async (scope, keys) => {
          const skus = keysWithPrefix(keys, 's:');
          const names = keysWithPrefix(keys, 'n:');
          const live = isNull(products.deletedAt);
          const rows = [
            ...(skus.length
              ? await scope.query
                  .select()
                  .from(products)
                  .where(scope.where(products, live, inArray(products.sku, skus)))
                  .all()
              : []),
            ...(names.length
              ? await scope.query
                  .select()
                  .from(products)
                  .where(scope.where(products, live, inArray(sql`lower(${products.name})`, names)))
                  .all()
              : []),
          ];
          return byKeys(rows, (r) => [r.sku ? `s:${r.sku}` : null, `n:${r.name.toLowerCase()}`]);
        },
      },
    },
    restore: (records) =>
      records.map((r) => ({
        name: r.name,
        sku: r.sku,
        description: r.description,
        unitPriceCents: centsOrNull(r.unitPrice) ?? 0,
        currency: r.currency,
        taxRateBp: Math.round(((r.taxRate as number) ?? 0) * 100),
        active: r.active,
        deletedAt: dateOrNull(r.deletedAt),
      })),
  },
} satisfies RecordSpec<typeof products, ProductDto, CreateProductInput, Partial<CreateProductInput>, ProductFilters>;
