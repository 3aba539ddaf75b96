import { createRootRoute, createRoute, createRouter, Outlet, useParams } from '@tanstack/react-router';
import { lazy } from 'react';
import { RECORDS, listHref, type RecordType } from './lib/records';
import { Shell } from './shell';
import { Login } from './screens/login';

/*
 * The screens, each its own chunk: a route's code is fetched when it is first shown. The URL
 * holds every list's state (search, filters, sort, page size) as plain query parameters.
 */
const Dashboard = lazy(() => import('./screens/dashboard'));
const Board = lazy(() => import('./screens/board'));
const RecordList = lazy(() => import('./screens/record-list'));
const RecordForm = lazy(() => import('./screens/record-form'));
const RecordPage = lazy(() => import('./screens/record-page'));
const Tasks = lazy(() => import('./screens/tasks'));
const ImportExport = lazy(() => import('./screens/import'));
const Trash = lazy(() => import('./screens/trash'));
const Settings = lazy(() => import('./screens/settings'));
const OperatorTenants = lazy(() => import('./screens/operator-tenants'));

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
