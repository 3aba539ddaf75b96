/** A tiny history-API router: patterns like /contacts/:id, links intercepted on click. */
export type Params = Record<string, string>;
export type View = (params: Params, query: URLSearchParams) => Promise<Node> | Node;

interface Route {
  parts: string[];
  view: View;
  title: string;
}

const routes: Route[] = [];
let render: (view: View, params: Params, title: string) => void = () => {};

export function route(pattern: string, title: string, view: View) {
  routes.push({ parts: pattern.split('/').filter(Boolean), view, title });
}

function match(path: string): { route: Route; params: Params } | null {
  const parts = path.split('/').filter(Boolean);
  for (const r of routes) {
    if (r.parts.length !== parts.length) continue;
    const params: Params = {};
    if (r.parts.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = decodeURIComponent(parts[i]!)), true) : p === parts[i])))
      return { route: r, params };
  }
  return null;
}

export function navigate(to: string, replace = false) {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  resolve();
}

export function resolve() {
  const found = match(location.pathname) ?? match('/not-found');
  if (found) render(found.route.view, found.params, found.route.title);
}

export function startRouter(renderer: typeof render) {
  render = renderer;
  window.addEventListener('popstate', resolve);
  document.addEventListener('click', (e) => {
    const a = (e.target as Element).closest?.('a');
    if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || a.target || a.hasAttribute('download'))
      return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/')) return;
    e.preventDefault();
    navigate(url.pathname + url.search);
  });
  resolve();
}
