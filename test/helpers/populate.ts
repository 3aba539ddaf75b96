import { expect } from 'vitest';
import { json, type TenantFixture } from './fixtures';
import { apiRoutes, bodySchema, hasParams, sampleFor, type OpenApiDoc } from './routes';
import { tenantIds } from './tenant-data';
import type { TestApp } from './test-app';

/** Picks one of the tenant's own ids (read now) with the prefix a field asks for (usr_, com_, …). */
export async function idResolver(t: TestApp, tenantId: string) {
  const ids = await tenantIds(t.raw, tenantId);
  return (prefix: string | undefined) => ids.find((id) => prefix && id.startsWith(`${prefix}_`)) ?? ids[0]!;
}

/**
 * Gives a tenant one record of every kind the API can create, by calling
 * every create route (POST on a collection) with a valid body built from the
 * OpenAPI document. Found from the app, so a record type added later is
 * populated here with no edit. Two passes let records that reference others
 * (a deal's company) find them.
 */
export async function populateRecords(t: TestApp, doc: OpenApiDoc, tenant: TenantFixture): Promise<void> {
  // POST /api/<type>/bulk changes records rather than creating one.
  const creates = apiRoutes(t).filter(
    (r) =>
      r.method === 'POST' &&
      !hasParams(r) &&
      !r.path.startsWith('/api/admin') &&
      !r.path.startsWith('/api/auth') &&
      !r.path.endsWith('/bulk') &&
      bodySchema(doc, r),
  );
  const failures: string[] = [];
  for (let pass = 0; pass < 2; pass++) {
    for (const route of creates) {
      const body = sampleFor(doc, bodySchema(doc, route), await idResolver(t, tenant.tenantId));
      const res = await t.app.request(route.path, json('POST', body, tenant.owner.token));
      if (res.status !== 201 && pass === 1) failures.push(`${route.path} → ${res.status} ${(await res.text()).slice(0, 200)}`);
    }
  }
  expect(failures).toEqual([]);
}
