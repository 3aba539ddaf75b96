import { getRecord, listPage, type AnyRecord, type RecordType } from './records';

/*
 * Single-record lookups gathered into list requests. A page of 25 contacts at 25 companies
 * renders 25 company names in one go; asking GET /api/companies/{id} for each is 25 round trips,
 * so every lookup made in the same tick waits for the tick to end and one
 * GET /api/companies?ids=…&limit=100 (per 100 ids) answers them all. The batch is only a shortcut:
 * whatever it does not bring (a record in the trash, one deleted, or the whole batch failing)
 * is asked by its single GET, so its answer (the record, or the 404 screens show) is as before.
 */

/** The list's `ids` takes at most this many (server/modules/crm/record-schemas.ts LIST_MAX_IDS). */
const CHUNK = 100;

type Waiter = { resolve: (record: AnyRecord) => void; reject: (error: unknown) => void };

/** The lookups of this tick, by type and id (one id may be waited for more than once). */
let pending = new Map<RecordType, Map<string, Waiter[]>>();

/** The record by id: through this tick's batch of its type. */
export function batchedRecord(type: RecordType, id: string): Promise<AnyRecord> {
  return new Promise((resolve, reject) => {
    if (pending.size === 0) setTimeout(flush, 0);
    const byId = pending.get(type) ?? new Map<string, Waiter[]>();
    pending.set(type, byId);
    byId.set(id, [...(byId.get(id) ?? []), { resolve, reject }]);
  });
}

function flush() {
  const batches = pending;
  pending = new Map();
  for (const [type, byId] of batches) {
    const ids = [...byId.keys()];
    for (let i = 0; i < ids.length; i += CHUNK) void fetchChunk(type, ids.slice(i, i + CHUNK), byId);
  }
}

async function fetchChunk(type: RecordType, ids: string[], waiters: Map<string, Waiter[]>) {
  const found = new Map<string, AnyRecord>();
  // One id alone goes the single way: no list (and its count) for nothing, and a 404 at once.
  if (ids.length > 1) {
    try {
      const page = await listPage(type, { ids: ids.join(','), limit: String(CHUNK) });
      for (const record of page.data) found.set((record as { id: string }).id, record);
    } catch {
      // Each id then gets its own GET below, and its own error if there is one.
    }
  }
  for (const id of ids) {
    const record = found.get(id);
    const answer = record ? Promise.resolve(record) : getRecord(type, id);
    answer.then(
      (r) => waiters.get(id)!.forEach((w) => w.resolve(r)),
      (e: unknown) => waiters.get(id)!.forEach((w) => w.reject(e)),
    );
  }
}
