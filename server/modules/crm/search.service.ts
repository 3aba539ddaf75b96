import { searchRecords, SEARCH_KINDS, type SearchKind } from '../../data/search';
import type { RequestContext } from '../../lib/context';

export { SEARCH_KINDS };

export function search(ctx: RequestContext, q: string, kinds: readonly SearchKind[], limit: number) {
  return searchRecords(ctx.scope, q, kinds, limit);
}
