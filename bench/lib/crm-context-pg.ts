import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppDeps, RequestContext } from '../../server/lib/context';
import { ownerContext } from './crm-context';

/** bench/lib/crm-context.ts's ownerContext on a seeded PostgreSQL database, with an empty temporary data directory. */
export function ownerContextPostgres(databaseUrl: string, slug: string): Promise<{ deps: AppDeps; ctx: RequestContext }> {
  return ownerContext(mkdtempSync(join(tmpdir(), 'trasealla-bench-pg-')), slug, databaseUrl);
}
