import './styles.css';
import { ApiError, client, ok, onApiEvents, setSignedIn, toApiError } from './api';
import { h } from './dom';
import { listHref, RECORDS, type RecordType } from './records';
import { navigate, route, startRouter, type View } from './router';
import { isOperator, session } from './session';
import { boardView } from './views/board';
import { dashboardView } from './views/dashboard';
import { importView } from './views/import';
import { recordFormView } from './views/record-form';
import { recordListView } from './views/record-list';
import { recordPageView } from './views/record-page';
import { operatorTenantsView } from './views/operator-tenants';
import { settingsView } from './views/settings';
import { tasksView } from './views/tasks';
import { errorBox, loginView, setupRequiredView } from './views/login';

const app = document.getElementById('app')!;

function banner(): HTMLElement {
  const el = h('div', { id: 'license-banner', class: 'banner', role: 'status', hidden: true });
  const l = session.license;
  let text: string | null;
  let kind = 'warn';
  if (l?.readOnly) {
    text = `Read-only: ${l.reason ?? 'the license does not allow changes.'} Reading, searching and exporting keep working; ask your operator to renew the license.`;
    kind = 'error';
  } else if (l?.status === 'grace') text = l.warnings[0] ?? 'The license has expired; the grace period is running.';
  else text = session.warning ?? l?.warnings[0] ?? null;
  if (text) {
    el.hidden = false;
    el.className = `banner banner-${kind}`;
    el.textContent = text;
  }
  return el;
}

async function signOut() {
  try {
    await client.api.auth.logout.$post();
  } finally {
    session.me = null;
    session.license = null;
    setSignedIn(false);
    navigate('/login', true);
  }
}

function shell(content: Node, title: string): HTMLElement {
  const me = session.me!;
  const links: [string, string][] = [
    ['/', 'Dashboard'],
    ['/contacts', 'Contacts'],
    ['/companies', 'Companies'],
    ['/leads', 'Leads'],
    ['/deals', 'Pipeline'],
    ['/tasks', 'Tasks'],
    ['/products', 'Products'],
    ['/import', 'Import'],
    ['/settings', 'Settings'],
    ...(isOperator() ? ([['/admin/tenants', 'Organisations']] as [string, string][]) : []),
  ];
  const here = location.pathname;
  const nav = h(
    'nav',
    { 'aria-label': 'Main' },
    h(
      'ul',
      null,
      links.map(([href, label]) =>
        h('li', null, h('a', { href, 'aria-current': (href === '/' ? here === '/' : here.startsWith(href)) ? 'page' : false }, label)),
      ),
    ),
  );
  return h(
    'div',
    { class: 'shell' },
    h('a', { class: 'skip', href: '#main' }, 'Skip to content'),
    h(
      'header',
      { class: 'topbar' },
      h('a', { class: 'brand', href: '/' }, 'Trasealla CRM'),
      nav,
      h(
        'div',
        { class: 'who' },
        h('span', null, `${me.user?.name ?? me.apiKey?.name ?? ''} · ${me.tenant.name} · ${me.role}`),
        h('button', { type: 'button', class: 'link', onclick: () => void signOut() }, 'Sign out'),
      ),
    ),
    banner(),
    h('main', { id: 'main', tabindex: '-1' }, h('h1', null, title), content),
  );
}

/** Loads who is signed in and the license; null when nobody is (or the instance needs setup). */
async function loadSession(): Promise<'ok' | 'signed-out' | 'setup'> {
  const res = await client.api.auth.me.$get();
  // The route's type names only its 200; the middleware's 401 and 503 are not in it.
  const status: number = res.status;
  if (status === 503) {
    const err = await toApiError(res);
    if (err.code === 'LICENSE_REQUIRED') {
      setupCommand = err.details.setupCommand ?? 'trasealla setup';
      return 'setup';
    }
    throw err;
  }
  if (status === 401) return 'signed-out';
  if (!res.ok) throw await toApiError(res);
  session.me = await res.json();
  setSignedIn(true);
  session.license = await ok(client.api.license.$get()).catch(() => null);
  return 'ok';
}

/** Only a path on this site: `?next=//elsewhere` must not lead away. */
const safeNext = (next: string | null) => (next && /^\/(?![/\\])/.test(next) ? next : '/');

let setupCommand = '';
let firstRender = true;
let expiredNotice = false;
let renderToken = 0;

async function render(view: View, params: Record<string, string>, title: string) {
  const token = ++renderToken;
  const query = new URLSearchParams(location.search);
  if (location.pathname === '/login') {
    if (session.me) return navigate('/', true);
    const state = await loadSession().catch(() => 'signed-out' as const);
    if (state === 'ok') return navigate(safeNext(query.get('next')), true);
    if (state === 'setup') return app.replaceChildren(setupRequiredView(setupCommand));
    app.replaceChildren(
      loginView({ expired: expiredNotice, onSignedIn: () => void ((expiredNotice = false), navigate(safeNext(query.get('next')), true)) }),
    );
    document.title = 'Sign in · Trasealla CRM';
    return;
  }
  if (!session.me) {
    const state = await loadSession().catch((e: unknown) => e);
    if (state === 'setup') return app.replaceChildren(setupRequiredView(setupCommand));
    if (state === 'signed-out') return navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
    if (state instanceof Error) return app.replaceChildren(h('main', { id: 'main' }, errorBox(state)));
  }
  document.title = `${title} · Trasealla CRM`;
  const loading = h('p', { class: 'loading', role: 'status' }, 'Loading…');
  app.replaceChildren(shell(loading, title));
  try {
    const content = await view(params, query);
    if (token !== renderToken) return;
    loading.replaceWith(content);
    const h1 = app.querySelector('main h1');
    const named = (content as Element).getAttribute?.('data-title');
    if (h1 && named) h1.textContent = named;
    // After a client-side navigation, screen readers and keyboard users start at the new page.
    if (!firstRender) app.querySelector<HTMLElement>('main')?.focus({ preventScroll: true });
    else performance.mark('trasealla:first-view'); // time to first render, read by the browser tests
    firstRender = false;
  } catch (e) {
    if (token !== renderToken) return;
    if (e instanceof ApiError && e.status === 401) return;
    loading.replaceWith(errorBox(e));
  }
}

onApiEvents({
  expired: () => {
    session.me = null;
    session.license = null;
    expiredNotice = true;
    // Back to the same page after signing in, its query (filters, search) included.
    navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, true);
  },
  warning: (text) => {
    if (text === session.warning) return;
    session.warning = text;
    const el = document.getElementById('license-banner');
    if (el && el.hidden && text) {
      el.hidden = false;
      el.className = 'banner banner-warn';
      el.textContent = text;
    }
  },
});

route('/login', 'Sign in', () => h('div'));
route('/', 'Dashboard', dashboardView);
route('/deals', 'Pipeline', boardView);
// The router takes the first match in registration order: /deals/list and /deals/new come before /deals/:id.
for (const type of Object.keys(RECORDS) as RecordType[]) {
  const { title, singular } = RECORDS[type];
  const one = singular[0]!.toUpperCase() + singular.slice(1);
  route(listHref(type), title, (_p, q) => recordListView(type, q));
  route(`/${type}/new`, `New ${singular}`, () => recordFormView(type, null));
  route(`/${type}/:id`, one, (p) => recordPageView(type, p.id!));
  route(`/${type}/:id/edit`, `Edit ${singular}`, (p) => recordFormView(type, p.id!));
}
route('/tasks', 'Tasks', tasksView);
route('/import', 'Import and export', importView);
route('/settings', 'Settings', settingsView);
route('/admin/tenants', 'Organisations on this server', operatorTenantsView);
route('/not-found', 'Not found', () => h('p', null, 'There is no page here. ', h('a', { href: '/' }, 'Back to the dashboard.')));

startRouter((view, params, title) => void render(view, params, title));
