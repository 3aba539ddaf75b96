import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiFetch, newIdempotencyKey, toApiError } from '../lib/api';
import { invalidateType } from '../lib/record-queries';
import { displayName, RECORDS, type AnyRecord, type RecordType } from '../lib/records';
import { Modal } from './dialog';
import { Field } from './field';
import { PersonPicker } from './record-picker';
import { useToast } from './toast';
import { WriteButton } from './write';

/*
 * Bulk actions on the selected rows of the page, or on every record the list's search and filters
 * match ("Select all N matching"). One request to POST /api/<type>/bulk: by ids for a selection, by
 * filter (with the total the user saw, so a list that changed meanwhile is refused) for all matching.
 * Deleting goes to the trash, and the toast's Undo restores exactly the records that were deleted.
 */

/** What a bulk action left to say beside the list: the failures, by name. */
export interface BulkReport {
  text: string;
  failures: string[];
}

/** Every record the list matches: its query (URL strings, no limit/cursor/sort) and the total the user saw. */
export interface BulkMatching {
  filter: Record<string, string>;
  total: number;
}

interface BulkResult {
  matched: number;
  changed: string[];
  failed: { id: string; name: string | null; code: string; message: string }[];
}

type BulkTarget = { ids: string[] } | { filter: Record<string, string>; expectedTotal: number };

/** At most this many ids in one request (the server's limit). */
const MAX_IDS = 500;

/** POST /api/<type>/bulk: one request, one Idempotency-Key. Throws ApiError. */
export async function bulkAction(
  type: RecordType,
  action: 'delete' | 'restore' | 'assign',
  target: BulkTarget,
  ownerId?: string,
): Promise<BulkResult> {
  const res = await apiFetch(`/api/${type}/bulk`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': newIdempotencyKey() },
    body: JSON.stringify({ action, ...target, ...(action === 'assign' ? { ownerId } : {}) }),
  });
  if (!res.ok) throw await toApiError(res);
  return (await res.json()) as BulkResult;
}

/** Restores these ids, MAX_IDS per request; the results summed. */
async function restoreAll(type: RecordType, ids: string[]): Promise<BulkResult> {
  const out: BulkResult = { matched: 0, changed: [], failed: [] };
  for (let i = 0; i < ids.length; i += MAX_IDS) {
    const r = await bulkAction(type, 'restore', { ids: ids.slice(i, i + MAX_IDS) });
    out.matched += r.matched;
    out.changed.push(...r.changed);
    out.failed.push(...r.failed);
  }
  return out;
}

const noun = (type: RecordType, n: number) => (n === 1 ? RECORDS[type].singular : type);
const idOf = (r: AnyRecord) => (r as { id: string }).id;
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function BulkBar({
  type,
  selected,
  matching,
  clear,
  report,
}: {
  type: RecordType;
  selected: AnyRecord[];
  /** Set when the user chose every record the list matches, not only the selected rows. */
  matching: BulkMatching | null;
  clear: () => void;
  report: (r: BulkReport | null) => void;
}) {
  const qc = useQueryClient();
  const toast = useToast();
  const [dialog, setDialog] = useState<'delete' | 'assign' | null>(null);
  const [running, setRunning] = useState(false);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const n = matching ? matching.total : selected.length;
  const hasOwner = type !== 'products';
  const names = new Map(selected.map((r) => [idOf(r), displayName(type, r)]));
  const failures = (failed: BulkResult['failed']) => failed.map((f) => `${f.name ?? names.get(f.id) ?? f.id}: ${f.message}`);

  /** Runs the action; answers the ids changed, or null when the request failed as a whole. */
  async function run(verb: string, action: 'delete' | 'assign'): Promise<string[] | null> {
    setRunning(true);
    try {
      const target: BulkTarget = matching ? { filter: matching.filter, expectedTotal: matching.total } : { ids: selected.map(idOf) };
      let result: BulkResult;
      try {
        result = await bulkAction(type, action, target, ownerId ?? undefined);
      } catch (e) {
        const stale = e && typeof e === 'object' && (e as { status?: number }).status === 409;
        report({
          text: stale
            ? `Nothing was changed: the list changed since it was shown (${message(e)}). Look at it again and retry.`
            : `Nothing was changed: ${message(e)}`,
          failures: [],
        });
        setDialog(null);
        return null;
      } finally {
        invalidateType(qc, type);
      }
      const done = result.changed;
      const text = `${verb} ${done.length} ${noun(type, done.length)}.`;
      report(result.failed.length ? { text: `${text} ${result.failed.length} failed:`, failures: failures(result.failed) } : null);
      for (const id of done) invalidateType(qc, type, id);
      clear();
      setDialog(null);
      return done;
    } finally {
      setRunning(false);
    }
  }

  async function remove() {
    const done = await run('Deleted', 'delete');
    if (!done || done.length === 0) return;
    toast(`Deleted ${done.length} ${noun(type, done.length)}.`, {
      action: {
        label: 'Undo',
        run: () =>
          void restoreAll(type, done)
            .then((r) => {
              report(null);
              if (r.failed.length)
                report({
                  text: `Restored ${r.changed.length} ${noun(type, r.changed.length)}. ${r.failed.length} could not be restored:`,
                  failures: failures(r.failed),
                });
              else toast(`Restored ${r.changed.length} ${noun(type, r.changed.length)}.`);
            })
            .catch((e: unknown) => report({ text: `Could not restore: ${message(e)}`, failures: [] }))
            .finally(() => {
              invalidateType(qc, type);
              for (const id of done) invalidateType(qc, type, id);
            }),
      },
    });
  }

  async function assign() {
    const done = await run('Assigned', 'assign');
    if (done?.length) toast(`Assigned ${done.length} ${noun(type, done.length)}.`);
  }

  const title = (verb: string) => `${verb} ${n} ${noun(type, n)}`;
  return (
    <div className="bulk-bar" role="group" aria-label="Bulk actions">
      <span className="bulk-count" role="status">
        {matching ? `All ${n.toLocaleString('en')} matching selected` : n ? `${n} selected` : 'None selected'}
      </span>
      <WriteButton className="danger" disabled={n === 0} onClick={() => setDialog('delete')}>
        Delete selected
      </WriteButton>
      {hasOwner ? (
        <WriteButton disabled={n === 0} onClick={() => (setOwnerId(null), setDialog('assign'))}>
          Assign owner…
        </WriteButton>
      ) : null}
      {n > 0 ? (
        <button type="button" className="link-button" onClick={clear}>
          Clear selection
        </button>
      ) : null}

      <Modal
        open={dialog === 'delete'}
        onOpenChange={(o) => running || setDialog(o ? 'delete' : null)}
        title={`${title('Delete')}?`}
        description="They go to the trash, from where they can be restored."
      >
        {matching ? (
          <p>Every {RECORDS[type].singular} the current search and filters match.</p>
        ) : (
          <ul className="picked">
            {selected.map((r) => (
              <li key={idOf(r)}>{displayName(type, r)}</li>
            ))}
          </ul>
        )}
        <div className="actions">
          <button
            type="button"
            className="primary danger"
            disabled={running}
            aria-busy={running || undefined}
            onClick={() => void remove()}
          >
            {running ? 'Deleting…' : 'Delete'}
          </button>
          <button type="button" disabled={running} onClick={() => setDialog(null)}>
            Cancel
          </button>
        </div>
      </Modal>

      <Modal open={dialog === 'assign'} onOpenChange={(o) => running || setDialog(o ? 'assign' : null)} title={title('Assign')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void assign();
          }}
        >
          <Field label="New owner" name="ownerId">
            <PersonPicker value={ownerId} onChange={setOwnerId} clearable emptyLabel="Nobody" />
          </Field>
          <div className="actions">
            <button type="submit" className="primary" disabled={running} aria-busy={running || undefined}>
              {running ? 'Assigning…' : 'Assign'}
            </button>
            <button type="button" disabled={running} onClick={() => setDialog(null)}>
              Cancel
            </button>
          </div>
        </form>
      </Modal>
    </div>
  );
}
