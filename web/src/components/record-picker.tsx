import * as Popover from '@radix-ui/react-popover';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { useState } from 'react';
import { seedRecords, usePeople, useRecord } from '../lib/record-queries';
import { displayName, listPage, RECORDS, type AnyRecord, type RecordType } from '../lib/records';
import { useDebounced } from '../lib/use-debounced';

type PickerProps = {
  /** Set by <Field>: the trigger button is the labelled control. */
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  value: string | null;
  onChange: (id: string | null) => void;
  /** Offer "None" (clears the link). */
  clearable?: boolean;
  /** What the trigger and the clearing option say for no value ("Any company" in a filter); default "(none)". */
  emptyLabel?: string;
  disabled?: boolean;
};

/**
 * A link to another record, picked by typing: the list is the server's search (any number of
 * records), and the trigger always shows the current value, fetched by id when it is not in
 * the cache. Nothing is sent for a link the user did not touch.
 */
export function RecordPicker({ type, ...props }: PickerProps & { type: RecordType }) {
  const qc = useQueryClient();
  const current = useRecord(type, props.value);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const term = useDebounced(q.trim());
  const sort = RECORDS[type].sorts.find(([s]) => !s.startsWith('-') && s !== 'createdAt')?.[0] ?? '-createdAt';
  const results = useQuery({
    queryKey: ['pick', type, term],
    enabled: open,
    queryFn: async () => {
      const page = await listPage(type, { q: term || undefined, limit: '20', sort: term ? undefined : sort });
      seedRecords(qc, type, page.data);
      return page;
    },
  });
  const label = props.value
    ? current.data
      ? displayName(type, current.data)
      : current.isError
        ? 'A record that is gone or in the trash'
        : 'Loading…'
    : (props.emptyLabel ?? '(none)');
  return (
    <PickerShell
      {...props}
      open={open}
      setOpen={(o) => (setOpen(o), o || setQ(''))}
      label={label}
      q={q}
      setQ={setQ}
      searchLabel={`Search ${RECORDS[type].title.toLowerCase()}`}
      loading={results.isFetching}
      total={results.data?.total}
      options={(results.data?.data ?? []).map((r: AnyRecord) => ({ id: (r as { id: string }).id, name: displayName(type, r) }))}
      onPick={props.onChange}
    />
  );
}

/** The owner or assignee: one of the organisation's people. */
export function PersonPicker(props: PickerProps) {
  const people = usePeople();
  const [q, setQ] = useState('');
  const [open, setOpen] = useState(false);
  const all = people.data ?? [];
  const term = q.trim().toLowerCase();
  const current = all.find((p) => p.id === props.value);
  const label = props.value
    ? (current?.name ?? (people.isLoading ? 'Loading…' : 'Someone no longer here'))
    : (props.emptyLabel ?? '(nobody)');
  return (
    <PickerShell
      {...props}
      open={open}
      setOpen={(o) => (setOpen(o), o || setQ(''))}
      label={label}
      q={q}
      setQ={setQ}
      searchLabel="Search people"
      loading={people.isFetching}
      total={undefined}
      options={all.filter((p) => p.active && (!term || p.name.toLowerCase().includes(term))).map((p) => ({ id: p.id, name: p.name }))}
      onPick={props.onChange}
    />
  );
}

function PickerShell(
  props: PickerProps & {
    open: boolean;
    setOpen: (open: boolean) => void;
    label: string;
    q: string;
    setQ: (q: string) => void;
    searchLabel: string;
    loading: boolean;
    total: number | undefined;
    options: { id: string; name: string }[];
    onPick: (id: string | null) => void;
  },
) {
  const valueId = props.id ? `${props.id}-value` : undefined;
  const pick = (id: string | null) => {
    props.onPick(id);
    props.setOpen(false);
  };
  return (
    <Popover.Root open={props.open} onOpenChange={props.setOpen}>
      <Popover.Trigger asChild>
        <button
          type="button"
          className="picker"
          id={props.id}
          disabled={props.disabled}
          aria-haspopup="listbox"
          aria-labelledby={props.id ? `${props.id}-label ${valueId}` : undefined}
          aria-describedby={props['aria-describedby']}
          aria-invalid={props['aria-invalid']}
        >
          <span id={valueId}>{props.label}</span>
          <span aria-hidden="true" className="picker-caret">
            ▾
          </span>
        </button>
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content className="picker-panel" align="start" sideOffset={4}>
          <Command shouldFilter={false} label={props.searchLabel} loop>
            <Command.Input value={props.q} onValueChange={props.setQ} placeholder="Type to search…" aria-label={props.searchLabel} />
            <Command.List>
              {props.loading && props.options.length === 0 ? <Command.Loading>Searching…</Command.Loading> : null}
              {!props.loading ? <Command.Empty>Nothing matches.</Command.Empty> : null}
              {props.clearable && !props.q ? (
                <Command.Item value="__none" onSelect={() => pick(null)}>
                  {props.emptyLabel ?? '(none)'}
                </Command.Item>
              ) : null}
              {props.options.map((o) => (
                <Command.Item key={o.id} value={o.id} onSelect={() => pick(o.id)}>
                  {o.name}
                  {o.id === props.value ? <span className="sr-only"> (current)</span> : null}
                </Command.Item>
              ))}
            </Command.List>
            {props.total !== undefined && props.total > props.options.length ? (
              <p className="hint picker-more">
                {props.options.length} of {props.total.toLocaleString('en')}: type to narrow.
              </p>
            ) : null}
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
