import type { TestApp } from './test-app';

export interface ApiRoute {
  method: string;
  /** Hono form: /api/users/:id */
  path: string;
}

const PUBLIC = new Set(['/api/auth/login', '/api/openapi.json']);

/**
 * Every API route the app registered, read from the app itself: a route added
 * later is walked by every suite that uses this, with no list to edit.
 */
export function apiRoutes(t: TestApp): ApiRoute[] {
  const seen = new Set<string>();
  const routes: ApiRoute[] = [];
  for (const r of t.app.routes) {
    if (r.method === 'ALL' || !r.path.startsWith('/api/') || r.path.includes('*')) continue;
    if (PUBLIC.has(r.path) || r.path.startsWith('/api/docs')) continue;
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push({ method: r.method, path: r.path });
  }
  return routes;
}

export const isWrite = (r: ApiRoute) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method);
export const hasParams = (r: ApiRoute) => r.path.includes('/:');
export const fillPath = (path: string, value: string) => path.replace(/:[A-Za-z_]+/g, encodeURIComponent(value));
export const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z_]+)/g, '{$1}');

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
export type OpenApiDoc = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> }; parameters?: Parameter[] }>>;
  components?: { schemas?: Record<string, Schema> };
};

export async function openApiDoc(t: TestApp): Promise<OpenApiDoc> {
  const res = await t.app.request('/api/openapi.json');
  return (await res.json()) as OpenApiDoc;
}

export function resolveSchema(doc: OpenApiDoc, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  const ref = schema.$ref;
  if (typeof ref === 'string') return resolveSchema(doc, doc.components?.schemas?.[ref.replace('#/components/schemas/', '')]);
  return schema;
}

export function bodySchema(doc: OpenApiDoc, route: ApiRoute): Schema | undefined {
  const op = doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
  return resolveSchema(doc, op?.requestBody?.content?.['application/json']?.schema);
}

/**
 * The record ids a route requires in its query string (GET /api/deals/board?pipelineId=…), each
 * with the id prefix its documented example has: such a route names a record as surely as a
 * path parameter does.
 */
export function requiredIdQuery(doc: OpenApiDoc, route: ApiRoute): { name: string; prefix: string | undefined }[] {
  const op = doc.paths[toOpenApiPath(route.path)]?.[route.method.toLowerCase()];
  return (op?.parameters ?? [])
    .filter((p) => p.in === 'query' && p.required && /id$/i.test(p.name))
    .map((p) => {
      const example = resolveSchema(doc, p.schema)?.example;
      return { name: p.name, prefix: typeof example === 'string' ? example.split('_')[0] : undefined };
    });
}

let counter = 0;

/**
 * A valid body for a JSON schema: required and optional properties filled
 * with plausible values; any property named like an id gets `idValue`.
 */
export function sampleFor(
  doc: OpenApiDoc,
  schema: Schema | undefined,
  idValue: string | ((prefix: string | undefined) => string),
  name = '',
): unknown {
  const s = resolveSchema(doc, schema);
  if (!s) return undefined;
  for (const key of ['anyOf', 'oneOf'] as const) {
    const options = s[key] as Schema[] | undefined;
    if (options) return sampleFor(doc, options.find((o) => resolveSchema(doc, o)?.type !== 'null') ?? options[0], idValue, name);
  }
  if (Array.isArray(s.allOf)) return Object.assign({}, ...(s.allOf as Schema[]).map((p) => sampleFor(doc, p, idValue, name)));
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('const' in s) return s.const;
  const type = Array.isArray(s.type) ? (s.type as string[]).find((t) => t !== 'null') : (s.type as string | undefined);
  counter += 1;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const out: Record<string, unknown> = {};
      for (const [key, prop] of Object.entries(props)) out[key] = sampleFor(doc, prop, idValue, key);
      return out;
    }
    case 'array': {
      const count = typeof s.minItems === 'number' ? Math.max(1, s.minItems) : 1;
      return Array.from({ length: count }, () => sampleFor(doc, s.items as Schema, idValue, name));
    }
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : 1;
    case 'boolean':
      return true;
    case 'string': {
      if (/id$/i.test(name)) {
        if (typeof idValue === 'string') return idValue;
        const prefix = typeof s.example === 'string' ? s.example.split('_')[0] : undefined;
        return idValue(prefix);
      }
      if (s.format === 'email' || /email/i.test(name)) return `sample-${counter}-${Date.now()}@example.com`;
      if (s.format === 'password' || /password/i.test(name)) return `Sample-Pass-${counter}-xyz`;
      if (s.format === 'date-time') return '2026-12-01T10:00:00.000Z';
      if (name === 'slug') return `sample-${counter}-${Date.now()}`;
      if (name === 'domain') return `sample-${counter}.example.com`;
      if (/date$/i.test(name) && typeof s.pattern === 'string') return '2026-12-31';
      if (name === 'timezone') return 'Europe/Madrid';
      if (name === 'currency') return 'EUR';
      if (name === 'primaryColor') return '#112233';
      return `Sample ${counter}`;
    }
    default:
      return undefined;
  }
}
