import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppEnv } from '../../lib/context';
import { bearerSecurity, commonErrors, jsonResponse } from '../../lib/schemas';
import { validationHook } from '../../../platform/validation';
import { SEARCH_KINDS } from './record-types';
import { search } from './search.service';

const SearchQuery = z.object({
  q: z.string().trim().min(1, 'Type something to search for.').max(200),
  types: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v) return [...SEARCH_KINDS];
      const kinds = v.split(',').map((s) => s.trim());
      const bad = kinds.filter((k) => !SEARCH_KINDS.includes(k));
      if (bad.length > 0) ctx.addIssue({ code: 'custom', message: `Unknown types: ${bad.join(', ')}. Use ${SEARCH_KINDS.join(', ')}.` });
      return kinds;
    })
    .openapi({ description: `Comma-separated: ${SEARCH_KINDS.join(', ')}.` }),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const SearchResults = z
  .object({
    data: z.array(
      z.object({
        kind: z.enum(SEARCH_KINDS),
        id: z.string(),
        name: z.string(),
        rank: z.number().openapi({ description: 'bm25: lower is better.' }),
      }),
    ),
    nextCursor: z.null(),
    total: z.number().int(),
  })
  .openapi('SearchResults');

export const searchRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(
  createRoute({
    method: 'get',
    path: '/',
    tags: ['Search'],
    summary: `Find records (${SEARCH_KINDS.join(', ')}) by name, email, phone or company (prefix match, best first)`,
    security: bearerSecurity,
    request: { query: SearchQuery },
    responses: { 200: jsonResponse(SearchResults, 'Matches, best first.'), ...commonErrors },
  }),
  async (c) => {
    const { q, types, limit } = c.req.valid('query');
    const data = await search(c.get('ctx'), q, types, limit);
    return c.json({ data, nextCursor: null, total: data.length }, 200);
  },
);
