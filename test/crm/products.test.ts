import { beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

/* Products: the record type added by following CONTRIBUTING.md's recipe once. Its own rules only; the registry test covers the rest. */

let t: TestApp;
let acme: TenantFixture;
let owner: Api;

type Product = { id: string; name: string; sku: string | null; unitPrice: number; currency: string; taxRate: number; active: boolean };

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'products');
  owner = api(t, acme.owner.token);
});

describe('products', () => {
  it('take the organisation currency, no tax and active by default, and keep prices exact to the cent', async () => {
    const p = await owner.post<Product>('/api/products', { name: 'Support plan', unitPrice: 1234.56 });
    expect(p).toMatchObject({ unitPrice: 1234.56, currency: 'USD', taxRate: 0, active: true, sku: null });
    const q = await owner.patch<Product>(`/api/products/${p.id}`, { taxRate: 21.5, unitPrice: 0.1, active: false });
    expect(q).toMatchObject({ unitPrice: 0.1, taxRate: 21.5, active: false });
    const inactive = await owner.get<Page<Product>>('/api/products?active=false');
    expect(inactive.data.map((r) => r.id)).toEqual([p.id]);
  });

  it('refuse a second live product with the same SKU, and free the SKU when the first goes to the trash', async () => {
    const first = await owner.post<Product>('/api/products', { name: 'Widget', sku: 'W-1', unitPrice: 5 });
    const refused = await owner.post<{ error: { details: { fields: { path: string }[] } } }>(
      '/api/products',
      { name: 'Widget copy', sku: 'W-1', unitPrice: 6 },
      400,
    );
    expect(refused.error.details.fields[0]!.path).toBe('sku');
    await owner.del(`/api/products/${first.id}`);
    await owner.post('/api/products', { name: 'Widget v2', sku: 'W-1', unitPrice: 6 });
  });

  it('import from CSV, matching an existing product by SKU', async () => {
    await owner.post('/api/products', { name: 'Gadget', sku: 'G-1', unitPrice: 10 });
    const csv = 'Product,Code,Price,VAT\nGadget renamed,G-1,11.50,21\nGizmo,GZ-9,3,0\n';
    const res = await t.app.request('/api/import/products?duplicates=update&mode=all-or-nothing', {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.owner.token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const report = (await res.json()) as { counts: { created: number; updated: number } };
    expect(res.status, JSON.stringify(report)).toBe(200);
    expect(report.counts).toMatchObject({ created: 1, updated: 1 });
    const g = await owner.get<Page<Product>>('/api/products?sku=G-1');
    expect(g.data[0]).toMatchObject({ name: 'Gadget renamed', unitPrice: 11.5, taxRate: 21 });
  });
});
