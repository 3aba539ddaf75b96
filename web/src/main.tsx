import './styles.css';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiError } from './lib/api';
import { adoptCspNonce } from './lib/csp-nonce';
import { listenToApi, SESSION_KEY } from './lib/session';
import { applyTheme } from './lib/theme';
import { ConfirmProvider } from './components/dialog';
import { ToastProvider } from './components/toast';
import { preloadFirstScreen, router } from './router';

// Before anything renders: a dialog may open on the first screen, and the first paint is in the chosen scheme.
adoptCspNonce();
applyTheme();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A refusal will not change on retry; only a lost connection or a 5xx is worth one.
      retry: (failures, e) => failures < 2 && (!(e instanceof ApiError) || e.status === 0 || e.status >= 500),
      refetchOnWindowFocus: false,
      // Not paused while the browser says it is offline (a spinner for ever): the request fails
      // at once and the screen says "Cannot reach the server", with its Retry.
      networkMode: 'always',
    },
    // A create is never held back to be sent later by itself: it fails now and the user decides.
    mutations: { networkMode: 'always' },
  },
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
});

// A session that ends (expired, revoked) while the app is open: to sign in, then back to the same place.
listenToApi(() => {
  const here = location.pathname + location.search;
  // The session query is marked stale, not set: the shell would send to sign in a second time.
  void queryClient.invalidateQueries({ queryKey: SESSION_KEY, refetchType: 'none' });
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
  void router.navigate({ to: '/login', search: { next: here, expired: '1' }, replace: true });
});

preloadFirstScreen(location.pathname);

createRoot(document.getElementById('app')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <ConfirmProvider>
          <RouterProvider router={router} />
        </ConfirmProvider>
      </ToastProvider>
    </QueryClientProvider>
  </StrictMode>,
);
