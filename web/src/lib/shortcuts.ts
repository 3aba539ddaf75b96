import { useNavigate, useRouter } from '@tanstack/react-router';
import { useEffect, useRef } from 'react';
import { listHref, RECORDS, type RecordType } from './records';
import { useWriteAccess } from './session';

/*
 * The keyboard shortcuts: the one key map (shown by the `?` dialog) and its matching, wired once
 * in the shell. Single keys never fire while typing (a field, an open dialog, palette or listbox)
 * nor with Alt, Ctrl or Meta held; Ctrl/Cmd+K and Ctrl/Cmd+Enter are the only chords.
 */

export interface Shortcut {
  keys: string[];
  what: string;
}

/** Every shortcut, in the order the help dialog lists them. */
export const SHORTCUTS: Shortcut[] = [
  { keys: ['?'], what: 'Show these keyboard shortcuts' },
  { keys: ['Ctrl K'], what: 'Search and commands (Cmd K on a Mac)' },
  { keys: ['/'], what: 'Search this list (elsewhere: search and commands)' },
  { keys: ['n'], what: 'New record, on a record list or page' },
  { keys: ['e'], what: 'Edit this record' },
  { keys: ['j'], what: 'Next record of the list you came from' },
  { keys: ['k'], what: 'Previous record of the list you came from' },
  { keys: ['Ctrl Enter'], what: 'Save the form (Cmd Enter on a Mac), also while typing' },
  { keys: ['g', 'd'], what: 'Go to the dashboard' },
  { keys: ['g', 'c'], what: 'Go to contacts' },
  { keys: ['g', 'o'], what: 'Go to companies' },
  { keys: ['g', 'l'], what: 'Go to leads' },
  { keys: ['g', 'p'], what: 'Go to the pipeline board' },
  { keys: ['g', 't'], what: 'Go to tasks' },
];

const GO: Record<string, string> = { d: '/', c: '/contacts', o: '/companies', l: '/leads', p: '/deals', t: '/tasks' };
/** How long after `g` its second key counts. */
const CHORD_MS = 1500;

/** Whether a key event is typing (or for a dialog, palette or listbox), where single keys are text. */
export function isTyping(e: KeyboardEvent): boolean {
  if (e.isComposing) return true;
  const t = e.target instanceof Element ? e.target : null;
  if (t) {
    if (t.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"]'))
      return true;
    if (t.closest('[role="dialog"], [role="alertdialog"], [role="listbox"], [role="menu"], [cmdk-root]')) return true;
  }
  // Focus may have left an open modal's content (Radix keeps it in, but be sure).
  return document.querySelector('[role="dialog"][data-state="open"], [role="alertdialog"][data-state="open"]') !== null;
}

/* The ordered ids of the last list page shown of each type, for j / k on a record page. */
const listOrders = new Map<RecordType, string[]>();
export function setListOrder(type: RecordType, ids: string[]): void {
  listOrders.set(type, ids);
}
/** The record `step` away from `id` in the last list of its type, or null (not there, or at its edge). */
export function neighbour(type: RecordType, id: string, step: number): string | null {
  const ids = listOrders.get(type) ?? [];
  const at = ids.indexOf(id);
  if (at < 0) return null;
  return ids[at + step] ?? null;
}

type Where =
  { screen: 'list'; type: RecordType } | { screen: 'page'; type: RecordType; id: string } | { screen: 'form' } | { screen: 'other' };

/** What the path shows, as far as the shortcuts care. */
export function whereIs(path: string): Where {
  const parts = path.split('/').filter(Boolean);
  const [type = '', id, edit] = parts;
  if (!(type in RECORDS) || parts.length > 3) return { screen: 'other' };
  const t = type as RecordType;
  if (listHref(t) === `/${parts.join('/')}`) return { screen: 'list', type: t };
  if (id === undefined) return { screen: 'other' };
  if (id === 'new' || edit === 'edit') return { screen: 'form' };
  if (edit !== undefined) return { screen: 'other' };
  return { screen: 'page', type: t, id };
}

/** The shell's key handling: palette (Ctrl/Cmd+K, and `/` off a list), help (`?`), and the rest of the map. */
export function useShortcuts({
  togglePalette,
  openPalette,
  openHelp,
}: {
  togglePalette: () => void;
  openPalette: () => void;
  openHelp: () => void;
}) {
  const navigate = useNavigate();
  const router = useRouter();
  const access = useWriteAccess();
  const canWrite = access.visible && !access.disabledReason;
  const state = useRef({ canWrite, togglePalette, openPalette, openHelp, gAt: 0 });
  state.current = { ...state.current, canWrite, togglePalette, openPalette, openHelp };

  useEffect(() => {
    const go = (to: string) => void navigate({ to });
    const onKey = (e: KeyboardEvent) => {
      const s = state.current;
      const chord = e.ctrlKey || e.metaKey;
      if (chord && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        s.togglePalette();
        return;
      }
      if (chord && !e.altKey && e.key === 'Enter') {
        const target = e.target instanceof Element ? e.target : null;
        const form =
          target?.closest<HTMLFormElement>('form.record-form') ??
          (target?.closest('[role="dialog"]') ? null : document.querySelector<HTMLFormElement>('form.record-form'));
        if (form) {
          e.preventDefault();
          form.requestSubmit();
        }
        return;
      }
      if (e.defaultPrevented || e.altKey || chord || e.repeat || isTyping(e)) return;
      const where = whereIs(router.state.location.pathname);
      const key = e.key;
      const afterG = s.gAt > 0 && Date.now() - s.gAt <= CHORD_MS;
      s.gAt = 0;
      if (afterG && key in GO) {
        e.preventDefault();
        go(GO[key]!);
        return;
      }
      switch (key) {
        case 'g':
          s.gAt = Date.now();
          return;
        case '?':
          e.preventDefault();
          s.openHelp();
          return;
        case '/': {
          e.preventDefault();
          const box =
            where.screen === 'list' ? document.querySelector<HTMLInputElement>('#main form[role="search"] input[name="q"]') : null;
          if (box) {
            box.focus();
            box.select();
          } else s.openPalette();
          return;
        }
        case 'n':
          if ((where.screen === 'list' || where.screen === 'page') && s.canWrite) {
            e.preventDefault();
            go(`/${where.type}/new`);
          }
          return;
        case 'e':
          if (where.screen === 'page' && s.canWrite) {
            e.preventDefault();
            go(`/${where.type}/${where.id}/edit`);
          }
          return;
        case 'j':
        case 'k': {
          if (where.screen !== 'page') return;
          const next = neighbour(where.type, where.id, key === 'j' ? 1 : -1);
          if (next) {
            e.preventDefault();
            go(`/${where.type}/${next}`);
          }
          return;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, router]);
}
