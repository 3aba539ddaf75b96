import { getTableName } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnyRecordSpec } from '../../server/modules/crm/record-kit';
import { IMPORTABLE_TYPES, RECORD_TYPES, recordTypeEntries, SEARCH_KINDS, TIMELINE_TYPES } from '../../server/modules/crm/record-types';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { openApiDoc, resolveSchema, sampleFor, type OpenApiDoc } from '../helpers/routes';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { api, type Api, type Page } from './crm-helpers';

/*
 * The registry of record types is the one list: every entry gets its routes, OpenAPI entries,
 * search, timeline, export, import and a section of the whole-tenant document without any other
 * list to edit. This walks each entry through all of them, so a type added to the registry is
 * checked here by being there.
 */

let t: TestApp;
let acme: TenantFixture;
let owner: Api;
let doc: OpenApiDoc;
const created = new Map<string, string>();

type Rec = { id: string; [k: string]: unknown };

/**
 * A body with the create schema's required fields, plus links to the records of earlier types
 * (the registry is in dependency order): an activity must name something it is about.
 */
function requiredBody(spec: AnyRecordSpec): Record<string, unknown> {
  const op = doc.paths[`/api/${getTableName(spec.table)}`]?.post as { requestBody?: { content?: Record<string, { schema?: never }> } };
  const schema = resolveSchema(doc, op.requestBody?.content?.['application/json']?.schema) as {
    properties: Record<string, never>;
    required?: string[];
  };
  const out: Record<string, unknown> = {};
  for (const key of schema.required ?? []) out[key] = sampleFor(doc, schema.properties[key], 'unused', key);
  for (const [name, earlier] of recordTypeEntries()) {
    const key = `${earlier.label.toLowerCase()}Id`;
    if (created.has(name) && key in schema.properties && !(key in out)) out[key] = created.get(name);
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'registry');
  owner = api(t, acme.owner.token);
  doc = await openApiDoc(t);
  for (const [name, spec] of recordTypeEntries()) created.set(name, (await owner.post<Rec>(`/api/${name}`, requiredBody(spec))).id);
});

describe('every record type in the registry', () => {
  it('has the CRUD routes and the trash at /api/<name>, tagged in the OpenAPI document, with ids of its prefix', async () => {
    const routes = new Set(t.app.routes.map((r) => `${r.method} ${r.path}`));
    for (const [name, spec] of recordTypeEntries()) {
      for (const route of ['GET /', 'POST /', 'GET /:id', 'PATCH /:id', 'DELETE /:id', 'POST /:id/restore'])
        expect(routes, `${name}: ${route}`).toContain(route.replace(' /', ` /api/${name}/`).replace(/\/$/, ''));
      const listOp = doc.paths[`/api/${name}`]?.get as { tags?: string[] } | undefined;
      expect(listOp?.tags, name).toEqual([spec.tag]);
      const id = created.get(name)!;
      expect(id.startsWith(`${spec.prefix}_`), `${name} id ${id}`).toBe(true);
      expect((await owner.get<Rec>(`/api/${name}/${id}`)).id).toBe(id);
      const page = await owner.get<Page<Rec>>(`/api/${name}`);
      expect(page.data.map((r) => r.id)).toContain(id);
    }
  });

  it('has a timeline when its definition says so, with its own creation on it', async () => {
    expect(TIMELINE_TYPES.length).toBeGreaterThan(0);
    for (const [name, spec] of recordTypeEntries()) {
      const res = await t.app.request(`/api/${name}/${created.get(name)}/timeline`, {
        headers: { authorization: `Bearer ${acme.owner.token}` },
      });
      if (!spec.timeline) {
        expect(res.status, name).toBe(404);
        continue;
      }
      expect(res.status, name).toBe(200);
      const page = (await res.json()) as Page<{ kind: string; change?: { action: string } }>;
      expect(
        page.data.some((e) => e.kind === 'change' && e.change?.action === 'create'),
        name,
      ).toBe(true);
    }
  });

  it('is found by /api/search under its kind when it is searched, and the search kinds are exactly those', async () => {
    const searched = recordTypeEntries().filter(([, spec]) => spec.search);
    expect([...SEARCH_KINDS].sort()).toEqual(searched.map(([, spec]) => spec.search!.kind).sort());
    for (const [name, spec] of searched) {
      const hits = await owner.get<{ data: { kind: string; id: string }[] }>(`/api/search?q=Sample&types=${spec.search!.kind}`);
      expect(
        hits.data.map((h) => h.id),
        name,
      ).toContain(created.get(name));
    }
  });

  it('is exported as CSV and JSON, and imported from CSV when its definition has an import', async () => {
    for (const name of Object.keys(RECORD_TYPES)) {
      const csv = await t.app.request(`/api/export/${name}?format=csv`, { headers: { authorization: `Bearer ${acme.owner.token}` } });
      expect(csv.status, name).toBe(200);
      expect(await csv.text(), name).toContain(created.get(name)!);
      const fields = await t.app.request(`/api/import/${name}/fields`, { headers: { authorization: `Bearer ${acme.owner.token}` } });
      expect(fields.status, name).toBe((IMPORTABLE_TYPES as string[]).includes(name) ? 200 : 404);
    }
  });

  it('has a section of the whole-tenant document, and comes back from it into an empty tenant', async () => {
    const exported = await t.app.request('/api/export', { headers: { authorization: `Bearer ${acme.owner.token}` } });
    const document = (await exported.json()) as Record<string, Rec[]>;
    for (const name of Object.keys(RECORD_TYPES))
      expect(
        document[name]?.map((r) => r.id),
        name,
      ).toContain(created.get(name));
    const empty = await createTenant(t, 'registry-copy');
    const report = await api(t, empty.owner.token).post<{ created: Record<string, number> }>('/api/import', document, 201);
    for (const name of Object.keys(RECORD_TYPES)) expect(report.created[name], name).toBe(document[name]!.length);
  });
});
