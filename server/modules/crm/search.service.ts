import { searchRecords, type SearchKind } from '../../data/search';
import type { RequestContext } from '../../lib/context';

export function search(ctx: RequestContext, q: string, kinds: readonly SearchKind[], limit: number) {
  return searchRecords(ctx.scope, q, kinds, limit);
}
