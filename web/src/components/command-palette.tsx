import * as Dialog from '@radix-ui/react-dialog';
import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { Command } from 'cmdk';
import { useState } from 'react';
import { client, ok } from '../lib/api';
import { useWriteAccess } from '../lib/session';
import { useDebounced } from '../lib/use-debounced';
import { errorHeadline } from '../lib/words';

/*
 * Ctrl/Cmd+K: records found by prefix (the server's search over companies, contacts, leads,
 * deals and products), grouped by type, and the main commands. Enter opens what is selected.
 */

const KINDS = [
  ['contact', 'contacts', 'Contacts'],
  ['company', 'companies', 'Companies'],
  ['lead', 'leads', 'Leads'],
  ['deal', 'deals', 'Deals'],
  ['product', 'products', 'Products'],
] as const;

type Kind = (typeof KINDS)[number][0];
interface Hit {
  kind: Kind;
  id: string;
  name: string;
}

interface Cmd {
  label: string;
  to: string;
  /** Words that find it besides its label. */
  keywords: string[];
  writes?: boolean;
}

const COMMANDS: Cmd[] = [
  { label: 'New contact', to: '/contacts/new', keywords: ['create', 'add', 'person'], writes: true },
  { label: 'New company', to: '/companies/new', keywords: ['create', 'add', 'organisation', 'account'], writes: true },
  { label: 'New lead', to: '/leads/new', keywords: ['create', 'add', 'prospect'], writes: true },
  { label: 'New deal', to: '/deals/new', keywords: ['create', 'add', 'opportunity'], writes: true },
  { label: 'Go to board', to: '/deals', keywords: ['pipeline', 'deals', 'kanban'] },
  { label: 'Go to tasks', to: '/tasks', keywords: ['todo', 'my tasks'] },
  { label: 'Go to trash', to: '/trash', keywords: ['deleted', 'restore', 'bin'] },
  { label: 'Go to settings', to: '/settings', keywords: ['profile', 'password', 'organisation', 'api keys'] },
  { label: 'Go to dashboard', to: '/', keywords: ['home', 'charts'] },
  { label: 'Go to contacts', to: '/contacts', keywords: ['people'] },
  { label: 'Go to companies', to: '/companies', keywords: ['organisations', 'accounts'] },
  { label: 'Go to leads', to: '/leads', keywords: ['prospects'] },
  { label: 'Go to deals list', to: '/deals/list', keywords: ['opportunities'] },
  { label: 'Go to products', to: '/products', keywords: ['price list'] },
  { label: 'Go to import and export', to: '/import', keywords: ['csv', 'upload', 'download'] },
];

const matches = (c: Cmd, term: string) => {
  if (!term) return true;
  const words = [c.label, ...c.keywords].join(' ').toLowerCase();
  return term
    .toLowerCase()
    .split(/\s+/)
    .every((w) => words.split(/\s+/).some((x) => x.startsWith(w)) || words.includes(w));
};

export default function CommandPalette({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="modal-backdrop" />
        <Dialog.Content className="palette" aria-describedby={undefined}>
          <Dialog.Title className="sr-only">Search and commands</Dialog.Title>
          {open ? <Palette close={() => onOpenChange(false)} /> : null}
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

function Palette({ close }: { close: () => void }) {
  const navigate = useNavigate();
  const access = useWriteAccess();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 120);
  const results = useQuery({
    queryKey: ['search', term],
    enabled: term.length > 0,
    staleTime: 10_000,
    placeholderData: (prev) => prev,
    queryFn: async () =>
      (await ok(client.api.search.$get({ query: { q: term, types: KINDS.map((k) => k[0]).join(','), limit: '30' } }))).data as Hit[],
  });
  const go = (to: string) => {
    close();
    void navigate({ to });
  };
  const hits = term && q.trim() ? (results.data ?? []) : [];
  const commands = COMMANDS.filter((c) => (!c.writes || access.visible) && matches(c, q.trim()));
  const searching = q.trim().length > 0 && (results.isFetching || term !== q.trim());
  // The highlighted item, kept by us: cmdk alone can keep a command that the typing took away
  // as "selected" when the search results arrive, and Enter would then do nothing.
  const [value, setValue] = useState('');
  const values = [
    ...KINDS.flatMap(([kind]) => hits.filter((h) => h.kind === kind).map((h) => `${kind}:${h.id}`)),
    ...commands.filter((c) => !(c.writes && access.disabledReason)).map((c) => `command:${c.to}`),
  ];
  const selected = values.includes(value) ? value : (values[0] ?? '');
  return (
    <Command shouldFilter={false} label="Search and commands" loop value={selected} onValueChange={setValue}>
      <Command.Input
        value={q}
        onValueChange={setQ}
        placeholder="Search contacts, companies, leads, deals… or type a command"
        aria-label="Search records and commands"
      />
      <Command.List>
        {searching && hits.length === 0 ? <Command.Loading>Searching…</Command.Loading> : null}
        {!searching && results.isError ? <div className="palette-error">{errorHeadline(results.error)}</div> : null}
        {!searching ? <Command.Empty>Nothing found for “{q.trim()}”.</Command.Empty> : null}
        {KINDS.map(([kind, type, title]) => {
          const group = hits.filter((h) => h.kind === kind);
          if (group.length === 0) return null;
          return (
            <Command.Group key={kind} heading={title}>
              {group.map((h) => (
                <Command.Item key={h.id} value={`${kind}:${h.id}`} onSelect={() => go(`/${type}/${h.id}`)}>
                  {h.name}
                </Command.Item>
              ))}
            </Command.Group>
          );
        })}
        {commands.length > 0 ? (
          <Command.Group heading="Commands">
            {commands.map((c) => (
              <Command.Item
                key={c.to}
                value={`command:${c.to}`}
                onSelect={() => go(c.to)}
                disabled={Boolean(c.writes && access.disabledReason)}
              >
                {c.label}
                {c.writes && access.disabledReason ? <span className="muted"> (read-only)</span> : null}
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
      </Command.List>
      <p className="palette-hint" aria-hidden="true">
        <kbd>↑</kbd> <kbd>↓</kbd> choose · <kbd>Enter</kbd> open · <kbd>Esc</kbd> close
      </p>
    </Command>
  );
}
