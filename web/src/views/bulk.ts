import { ApiError } from '../api';
import { field, h, uid } from '../dom';
import { deleteRecord, displayName, RECORDS, saveRecord, type AnyRecord, type RecordType } from '../records';
import { isViewer, writeControl } from '../session';
import { openDialog } from './dialog';
import type { Owner } from './owners';

/** What a bulk action left to say, shown once by the next render of the list. */
export interface BulkReport {
  text: string;
  failures: string[];
}

export interface Bulk {
  /** The select-all header cell, or null for viewers. */
  head: HTMLTableCellElement | null;
  cell(r: AnyRecord): HTMLTableCellElement | null;
  bar: HTMLElement | null;
}

/**
 * Select-all and per-row checkboxes with a bar of actions. There is no bulk
 * endpoint: each action calls the record's own route once per selected id, one
 * after another, and reports the ones that failed by name.
 */
export function bulkSelect(type: RecordType, rows: AnyRecord[], owners: Owner[], done: (report: BulkReport) => void): Bulk {
  if (isViewer() || rows.length === 0) return { head: null, cell: () => null, bar: null };
  const spec = RECORDS[type];
  const selected = new Set<string>();
  const boxes = new Map<string, HTMLInputElement>();
  const count = h('span', { class: 'bulk-count', role: 'status' }, 'None selected');

  const all = writeControl(h('input', { type: 'checkbox', id: uid('sel'), class: 'select-all' }))!;
  const sync = () => {
    count.textContent = selected.size ? `${selected.size} selected` : 'None selected';
    all.checked = selected.size === rows.length;
    all.indeterminate = selected.size > 0 && selected.size < rows.length;
    for (const b of actions) if (!b.classList.contains('write-disabled')) b.disabled = selected.size === 0;
  };
  all.addEventListener('change', () => {
    for (const [id, box] of boxes) {
      box.checked = all.checked;
      if (all.checked) selected.add(id);
      else selected.delete(id);
    }
    sync();
  });

  const run = async (verb: string, call: (r: AnyRecord) => Promise<unknown>) => {
    const picked = rows.filter((r) => selected.has(r.id));
    const failures: string[] = [];
    for (const r of picked) {
      try {
        await call(r);
      } catch (err) {
        failures.push(`${displayName(type, r)}: ${err instanceof ApiError || err instanceof Error ? err.message : String(err)}`);
      }
    }
    const okCount = picked.length - failures.length;
    const noun = (n: number) => (n === 1 ? spec.singular : type);
    done({ text: `${verb} ${okCount} ${noun(okCount)}.${failures.length ? ` ${failures.length} failed:` : ''}`, failures });
  };

  const picked = () => rows.filter((r) => selected.has(r.id)).map((r) => displayName(type, r));
  const deleteBtn = h('button', { type: 'button', class: 'danger' }, 'Delete selected');
  deleteBtn.addEventListener(
    'click',
    () =>
      void openDialog({
        title: `Delete ${selected.size} ${selected.size === 1 ? spec.singular : type}?`,
        body: [
          h('p', null, 'They go to the trash, from where they can be restored.'),
          h(
            'ul',
            { class: 'picked' },
            picked().map((n) => h('li', null, n)),
          ),
        ],
        confirm: 'Delete',
        danger: true,
        onConfirm: () => run('Deleted', (r) => deleteRecord(type, r.id)),
      }),
  );
  const assignBtn = h('button', { type: 'button' }, 'Assign owner…');
  assignBtn.addEventListener('click', () => {
    const owner = h(
      'select',
      { name: 'ownerId' },
      h('option', { value: '' }, 'Nobody'),
      owners.map((o) => h('option', { value: o.id }, o.name)),
    );
    void openDialog({
      title: `Assign ${selected.size} ${selected.size === 1 ? spec.singular : type}`,
      body: [field('New owner', owner)],
      confirm: 'Assign',
      onConfirm: () => run('Assigned', (r) => saveRecord(type, r.id, { ownerId: owner.value || null })),
    });
  });
  const actions = [writeControl(deleteBtn)!, writeControl(assignBtn)!];

  const cell = (r: AnyRecord) => {
    const box = writeControl(h('input', { type: 'checkbox', id: uid('sel'), value: r.id }))!;
    box.addEventListener('change', () => {
      if (box.checked) selected.add(r.id);
      else selected.delete(r.id);
      sync();
    });
    boxes.set(r.id, box);
    return h('td', { class: 'select' }, box, h('label', { for: box.id, class: 'sr-only' }, `Select ${displayName(type, r)}`));
  };
  const head = h('th', { scope: 'col', class: 'select' }, all, h('label', { for: all.id, class: 'sr-only' }, 'Select all on this page'));
  const bar = h('div', { class: 'bulk-bar', role: 'group', 'aria-label': 'Bulk actions' }, count, ...actions);
  sync();
  return { head, cell, bar };
}
