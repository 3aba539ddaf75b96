import { CreateProduct } from '../../server/modules/crm/products.schemas';
import { productSpec } from '../../server/modules/crm/products.record';
import { createRecord } from '../../server/modules/crm/record-kit';
import { at, valid, type Seeding } from './sample-kit';

/** The demo's price list: what the fictional team sells (the prices in the organisation's currency). */
const CATALOGUE = [
  { name: 'CRM seat, annual', sku: 'SEAT-ANNUAL', unitPrice: 480, taxRate: 21, description: 'One named user for twelve months.' },
  { name: 'CRM seat, monthly', sku: 'SEAT-MONTHLY', unitPrice: 45, taxRate: 21, description: 'One named user, billed monthly.' },
  {
    name: 'Onboarding workshop',
    sku: 'SVC-ONBOARD',
    unitPrice: 2500,
    taxRate: 21,
    description: 'Two days on site: pipelines, imports, training.',
  },
  {
    name: 'Data migration',
    sku: 'SVC-MIGRATE',
    unitPrice: 1800,
    taxRate: 21,
    description: 'Moving records from spreadsheets or another CRM.',
  },
  { name: 'Premium support', sku: 'SUP-PREMIUM', unitPrice: 3600, taxRate: 21, description: 'Four-hour response, a named engineer.' },
  { name: 'Integration hours', sku: 'SVC-HOURS', unitPrice: 150, taxRate: 21, description: 'Custom integration work, per hour.' },
  {
    name: 'Training day (remote)',
    sku: 'SVC-TRAIN',
    unitPrice: 900,
    taxRate: 21,
    description: 'A day of training for up to twelve people.',
  },
  { name: 'Legacy starter pack', sku: 'LEGACY-START', unitPrice: 99.5, taxRate: 21, description: 'No longer sold; kept for old quotes.' },
];

/** The catalogue, set up by the admin most of a year ago; the last product is retired. Uses no randomness, so it changes no other record. */
export async function seedProducts(s: Seeding): Promise<number> {
  const when = new Date(s.now.getTime() - 300 * 86_400_000);
  for (const [i, product] of CATALOGUE.entries())
    await at(s, new Date(when.getTime() + i * 60_000), () =>
      createRecord(s.crew.admin.ctx, productSpec, valid(CreateProduct, { ...product, active: product.sku !== 'LEGACY-START' })),
    );
  return CATALOGUE.length;
}
