import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useLocation, useNavigate, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useRef, useState, type CSSProperties } from 'react';
import { client, ok } from './lib/api';
import { isOperatorOf, SESSION_KEY, useLicenseWarning, useSession, useSessionState } from './lib/session';
import { ErrorBox, Loading } from './components/errors';
import { ShortcutsHelp } from './components/shortcuts-help';
import { useShortcuts } from './lib/shortcuts';
import { SetupRequired } from './screens/login';

// The palette is loaded on first use: its code is not on the first screen's path.
const CommandPalette = lazy(() => import('./components/command-palette'));

const LINKS: [to: string, label: string][] = [
  ['/', 'Dashboard'],
  ['/contacts', 'Contacts'],
  ['/companies', 'Companies'],
  ['/leads', 'Leads'],
  ['/deals', 'Pipeline'],
  ['/tasks', 'Tasks'],
  ['/products', 'Products'],
  ['/import', 'Import'],
  ['/trash', 'Trash'],
  ['/settings', 'Settings'],
];

function Banner() {
  const { license } = useSession();
  const warning = useLicenseWarning();
  let text: string | null;
  let kind = 'warn';
  if (license?.readOnly) {
    text = `Read-only: ${license.reason ?? 'the license does not allow changes.'} Reading, searching and exporting keep working; ask your operator to renew the license.`;
    kind = 'error';
  } else if (license?.status === 'grace') text = license.warnings[0] ?? 'The license has expired; the grace period is running.';
  else text = warning ?? license?.warnings[0] ?? null;
  return (
    <div id="license-banner" className={`banner banner-${kind}`} role="status" hidden={!text}>
      {text}
    </div>
  );
}

/** The organisation's brand colour and logo text, from its settings. */
function useBranding() {
  const tenant = useQuery({ queryKey: ['tenant'], queryFn: () => ok(client.api.tenant.$get()), staleTime: 5 * 60_000 });
  const branding = tenant.data?.settings.branding ?? {};
  return { color: branding.primaryColor, logoText: branding.logoText };
}

function Header({ onSearch, onShortcuts }: { onSearch: () => void; onShortcuts: () => void }) {
  const { me } = useSession();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const here = useLocation().pathname;
  const [menuOpen, setMenuOpen] = useState(false);
  const branding = useBranding();
  useEffect(() => setMenuOpen(false), [here]);
  const links = isOperatorOf(me) ? [...LINKS, ['/admin/tenants', 'Organisations'] as [string, string]] : LINKS;
  async function signOut() {
    try {
      await client.api.auth.logout.$post();
    } finally {
      qc.setQueryData(SESSION_KEY, { state: 'signed-out' });
      qc.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      await navigate({ to: '/login', replace: true });
    }
  }
  const current = (to: string) => (to === '/' ? here === '/' : here === to || here.startsWith(`${to}/`));
  return (
    <header className="topbar" style={branding.color ? ({ '--brand': branding.color } as CSSProperties) : undefined}>
      <Link className="brand" to="/">
        {branding.logoText || 'Trasealla CRM'}
      </Link>
      <button
        type="button"
        className="menu-button"
        aria-expanded={menuOpen}
        aria-controls="main-nav"
        onClick={() => setMenuOpen((o) => !o)}
      >
        Menu
      </button>
      <nav aria-label="Main" id="main-nav" data-open={menuOpen || undefined}>
        <ul>
          {links.map(([to, label]) => (
            <li key={to}>
              <Link to={to} aria-current={current(to) ? 'page' : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <button type="button" className="search-button" onClick={onSearch} aria-keyshortcuts="Control+K Meta+K">
        Search <kbd aria-hidden="true">Ctrl K</kbd>
      </button>
      <div className="who">
        <span>
          {me.user?.name ?? me.apiKey?.name ?? ''} · {me.tenant.name} · {me.role}
        </span>
        <button type="button" className="link shortcuts-button" onClick={onShortcuts} aria-keyshortcuts="?">
          Keyboard shortcuts <kbd aria-hidden="true">?</kbd>
        </button>
        <button type="button" className="link" onClick={() => void signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

/** Keyboard and screen-reader users start at the new page's content after a client-side navigation. */
function useFocusOnNavigation() {
  const path = useRouterState({ select: (s) => s.location.pathname });
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [path]);
}

function SignedInShell() {
  const [paletteOpen, setPaletteOpen] = useState(false);
  const [paletteLoaded, setPaletteLoaded] = useState(false);
  const [helpOpen, setHelpOpen] = useState(false);
  useFocusOnNavigation();
  const openPalette = () => (setPaletteLoaded(true), setPaletteOpen(true));
  useShortcuts({
    togglePalette: () => (setPaletteLoaded(true), setPaletteOpen((o) => !o)),
    openPalette,
    openHelp: () => setHelpOpen(true),
  });
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header onSearch={openPalette} onShortcuts={() => setHelpOpen(true)} />
      <Banner />
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      {paletteLoaded ? (
        <Suspense fallback={null}>
          <CommandPalette open={paletteOpen} onOpenChange={setPaletteOpen} />
        </Suspense>
      ) : null}
      <ShortcutsHelp open={helpOpen} onOpenChange={setHelpOpen} />
    </div>
  );
}

/** The signed-in part of the app: sends the signed-out to sign in (back here after), the unlicensed to the setup notice. */
export function Shell() {
  const session = useSessionState();
  const navigate = useNavigate();
  const location = useLocation();
  const signedOut = session.data?.state === 'signed-out';
  useEffect(() => {
    // Once: while the router moves to /login this shell still renders with the new location, and
    // navigating again from there (next=/login?next=…) looped until React gave up.
    if (signedOut && location.pathname !== '/login') void navigate({ to: '/login', search: { next: location.href }, replace: true });
  }, [signedOut, navigate, location.href, location.pathname]);
  if (session.isPending) return <Loading what="Loading Trasealla CRM…" />;
  if (session.isError)
    return (
      <main id="main">
        <ErrorBox error={session.error} retry={() => void session.refetch()} />
      </main>
    );
  if (session.data.state === 'setup') return <SetupRequired command={session.data.command} />;
  if (session.data.state === 'signed-out') return <Loading what="Signing in…" />;
  return <SignedInShell />;
}
