import { createRootRoute, createRoute, createRouter, Outlet, useParams } from '@tanstack/react-router';
import { lazy } from 'react';
import { RECORDS, listHref, type RecordType } from './lib/records';
import { Shell } from './shell';
import { Login } from './screens/login';

/*
 * The screens, each its own chunk: a route's code is fetched when it is first shown. The URL
 * holds every list's state (search, filters, sort, page size) as plain query parameters.
 */
const screens = {
  dashboard: () => import('./screens/dashboard'),
  board: () => import('./screens/board'),
  recordList: () => import('./screens/record-list'),
  recordForm: () => import('./screens/record-form'),
  recordPage: () => import('./screens/record-page'),
  tasks: () => import('./screens/tasks'),
  import: () => import('./screens/import'),
  trash: () => import('./screens/trash'),
  settings: () => import('./screens/settings'),
  operatorTenants: () => import('./screens/operator-tenants'),
};
const Dashboard = lazy(screens.dashboard);
const Board = lazy(screens.board);
const RecordList = lazy(screens.recordList);
const RecordForm = lazy(screens.recordForm);
const RecordPage = lazy(screens.recordPage);
const Tasks = lazy(screens.tasks);
const ImportExport = lazy(screens.import);
const Trash = lazy(screens.trash);
const Settings = lazy(screens.settings);
const OperatorTenants = lazy(screens.operatorTenants);

/** The screens of the paths that are not a record type's. */
const FIXED: Record<string, keyof typeof screens> = {
  '': 'dashboard',
  deals: 'board',
  tasks: 'tasks',
  import: 'import',
  trash: 'trash',
  settings: 'settings',
  'admin/tenants': 'operatorTenants',
};

/** The screen a path shows (the routes below, by shape), or null for the sign-in page and unknown paths. */
function screenOf(path: string): keyof typeof screens | null {
  const parts = path.split('/').filter(Boolean);
  const whole = parts.join('/');
  if (whole in FIXED) return FIXED[whole]!;
  const [type = '', id, edit] = parts;
  if (!(type in RECORDS) || parts.length > 3) return null;
  if (listHref(type as RecordType) === `/${whole}`) return 'recordList';
  if (edit !== undefined) return edit === 'edit' ? 'recordForm' : null;
  return id === 'new' ? 'recordForm' : 'recordPage';
}

/**
 * The first screen's code, asked for at once: otherwise it is fetched only after the session
 * check has answered and the shell renders it, one round trip and one parse later. lazy() then
 * finds the module already loading (the same import()).
 */
export function preloadFirstScreen(path: string): void {
  const screen = screenOf(path);
  if (screen) void screens[screen]().catch(() => {}); // a failed load is shown when the screen renders
}

/** Search parameters as plain strings (?q=gar&stage=won), not the router's default JSON. */
function parseSearch(search: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(search));
}
function stringifySearch(search: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(search)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const root = createRootRoute({ component: Outlet, notFoundComponent: NotFound });
const login = createRoute({ getParentRoute: () => root, path: '/login', component: Login });
const app = createRoute({ getParentRoute: () => root, id: 'app', component: Shell });

const page = (path: string, Component: () => React.ReactNode) => createRoute({ getParentRoute: () => app, path, component: Component });

function NotFound() {
  return (
    <main id="main">
      <h1>Not found</h1>
      <p>
        There is no page here. <a href="/">Back to the dashboard.</a>
      </p>
    </main>
  );
}

const Id = () => useParams({ strict: false }).id as string;

function recordRoutes(type: RecordType) {
  return [
    page(listHref(type), () => <RecordList type={type} />),
    page(`/${type}/new`, () => <RecordForm type={type} id={null} />),
    page(`/${type}/$id`, () => <RecordPage type={type} id={Id()} />),
    page(`/${type}/$id/edit`, () => <RecordForm type={type} id={Id()} />),
  ];
}

const routeTree = root.addChildren([
  login,
  app.addChildren([
    page('/', () => <Dashboard />),
    page('/deals', () => <Board />),
    ...(Object.keys(RECORDS) as RecordType[]).flatMap(recordRoutes),
    page('/tasks', () => <Tasks />),
    page('/import', () => <ImportExport />),
    page('/trash', () => <Trash />),
    page('/settings', () => <Settings />),
    page('/admin/tenants', () => <OperatorTenants />),
  ]),
]);

export const router = createRouter({ routeTree, parseSearch, stringifySearch, defaultPreload: 'intent', scrollRestoration: true });
