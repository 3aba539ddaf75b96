import { setNonce } from 'get-nonce';

/**
 * The page's CSP allows a <style> element only with this answer's nonce, which the server writes
 * into <meta name="csp-nonce">. Radix's scroll lock (react-remove-scroll → react-style-singleton)
 * asks get-nonce for it when a modal opens; without it the browser refuses the style and the page
 * behind the dialog keeps scrolling. Under `vite dev` the placeholder stays and no policy applies.
 */
export function adoptCspNonce(): void {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]');
  const nonce = meta?.content;
  if (nonce && nonce !== '__CSP_NONCE__') setNonce(nonce);
  // Read once: nothing else in the page needs to see it.
  meta?.remove();
}
