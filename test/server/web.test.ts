import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { builtInWebDir, loadConfig } from '../../server/config';
import { ROOT } from '../helpers/cli-process';
import { tempDir } from '../helpers/temp-dir';
import { createTestApp } from '../helpers/test-app';
import { WEB_CONTENT_SECURITY_POLICY } from '../../server/modules/system/web.routes';

/** The policy index.html is sent with: the strict one, plus <style> elements carrying its nonce. */
const withNonce = (nonce: string) => STRICT_CSP.replace("style-src 'self'", `style-src 'self' 'nonce-${nonce}'`);

/** The nonce an index.html answer holds in its policy and in its page. */
async function noncesOf(res: Response): Promise<{ header: string | undefined; meta: string | undefined }> {
  const header = /style-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
  const meta = /<meta name="csp-nonce" content="([^"]*)">/.exec(await res.text())?.[1];
  return { header, meta };
}

const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/** A stand-in for a Vite build: index.html plus a hashed asset with its precompressed twin. */
function fakeBuild(): string {
  const dir = tempDir('trasealla-web-');
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta name="csp-nonce" content="__CSP_NONCE__"><title>app</title><script type="module" src="/assets/app-abc123.js"></script>',
  );
  const js = `console.log(${JSON.stringify('x'.repeat(4000))});`;
  writeFileSync(join(dir, 'assets', 'app-abc123.js'), js);
  writeFileSync(join(dir, 'assets', 'app-abc123.js.gz'), gzipSync(js));
  writeFileSync(join(dir, 'assets', 'plain-def456.css'), `body{color:red}${' '.repeat(3000)}`);
  return dir;
}

describe('the web UI files at /', () => {
  it('serves hashed assets for a year, index.html revalidated, precompressed when accepted, compressed otherwise', async () => {
    const t = await createTestApp({ config: { webDir: fakeBuild() } });
    const index = await t.app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>app</title>');

    const asset = await t.app.request('/assets/app-abc123.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-encoding')).toBe('gzip');
    expect(asset.headers.get('vary')).toMatch(/accept-encoding/i);
    expect(asset.headers.get('content-type')).toMatch(/javascript/);

    // No precompressed twin: compressed on the fly.
    const css = await t.app.request('/assets/plain-def456.css', { headers: { 'accept-encoding': 'gzip' } });
    expect(css.headers.get('content-encoding')).toBe('gzip');
    expect(css.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const raw = await t.app.request('/assets/app-abc123.js');
    expect(raw.headers.get('content-encoding')).toBeNull();
    await t.close();
  });

  it('answers the app for client-side routes, but 404 for missing assets and unknown API paths', async () => {
    const t = await createTestApp({ config: { webDir: fakeBuild() } });
    const deep = await t.app.request('/contacts/con_01JD0000000000000000000000');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<title>app</title>');
    expect((await t.app.request('/assets/gone-000000.js')).status).toBe(404);
    // Unknown API paths answer the API's JSON error (here: sign in first), never the app's HTML.
    const api = await t.app.request('/api/no-such-thing');
    expect(api.headers.get('content-type')).toMatch(/application\/json/);
    expect(((await api.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect((await t.app.request('/healthz')).status).toBe(200);
    // The UI's routes never take over the request log's and metrics' route label of the server's own paths.
    const routes = t.logs.filter((l) => l.msg === 'request').map((l) => [l.path, l.route]);
    expect(routes).toContainEqual(['/healthz', '/healthz']);
    expect(routes.find(([path]) => path === '/api/no-such-thing')?.[1]).not.toMatch(/path/);
    await t.close();
  });

  it('sends a strict Content-Security-Policy, nosniff and same-origin referrers with every file of the UI; the API keeps its own', async () => {
    expect(WEB_CONTENT_SECURITY_POLICY).toBe(STRICT_CSP);
    const t = await createTestApp({ config: { webDir: fakeBuild() } });
    for (const path of [
      '/',
      '/index.html',
      '/contacts/con_01JD0000000000000000000000',
      '/assets/app-abc123.js',
      '/assets/plain-def456.css',
    ]) {
      const res = await t.app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, path).toBe(200);
      const policy = res.headers.get('content-security-policy') ?? '';
      expect(policy, path).not.toContain('unsafe-inline');
      // Scripts never get a nonce, on any answer.
      expect(policy, path).toContain("script-src 'self';");
      if (path.startsWith('/assets/')) expect(policy, path).toBe(STRICT_CSP);
      else expect(policy, path).toMatch(/^default-src 'self'; script-src 'self'; style-src 'self' 'nonce-[A-Za-z0-9+/]{22}==';/);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), path).toBe('same-origin');
      expect(res.headers.get('x-request-id'), path).toBeTruthy();
    }
    // The API reference page keeps its own policy; the API's answers carry none of the UI's.
    const docs = await t.app.request('/api/docs');
    expect(docs.headers.get('content-security-policy')).not.toBe(STRICT_CSP);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    const api = await t.app.request('/api/contacts');
    expect(api.headers.get('content-security-policy')).toBeNull();
    expect(api.headers.get('referrer-policy')).toBe('no-referrer');
    await t.close();
  });

  it('answers index.html with a fresh style nonce each time, the same in its policy and its page, still revalidated', async () => {
    const t = await createTestApp({ config: { webDir: fakeBuild() } });
    const seen: string[] = [];
    for (const path of ['/', '/', '/deals/board']) {
      const res = await t.app.request(path);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      const { header, meta } = await noncesOf(res);
      expect(header, path).toBeDefined();
      expect(meta, path).toBe(header);
      expect(Buffer.from(header!, 'base64')).toHaveLength(16);
      seen.push(header!);
    }
    expect(new Set(seen).size).toBe(3);
    expect(withNonce(seen[0]!)).not.toContain('unsafe-inline');
    // Compressed or not, the page holds the nonce its header names, and no placeholder is left.
    const gz = await t.app.request('/', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-security-policy')).toMatch(/'nonce-/);
    expect(await gz.text()).not.toContain('__CSP_NONCE__');
    // Assets keep the nonce-less policy and the year-long cache.
    const asset = await t.app.request('/assets/app-abc123.js');
    expect(asset.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    await t.close();
  });

  it('without a built UI, the placeholder page has the same policy and nothing inline it would block', async () => {
    const t = await createTestApp({ config: { webDir: tempDir('trasealla-empty-') } });
    const res = await t.app.request('/');
    expect(res.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const html = await res.text();
    expect(html).not.toMatch(/style=|<style|<script(?![^>]*\ssrc=)/i);
    await t.close();
  });

  it('without a built UI, / shows the short page linking to the API reference and naming the command that builds the UI', async () => {
    const t = await createTestApp({ config: { webDir: tempDir('trasealla-empty-') } });
    const page = await (await t.app.request('/')).text();
    expect(page).toContain('/api/docs');
    expect(page).toContain('<code>npm run build:web</code>');
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['build:web']).toBeDefined();
    await t.close();
  });

  it('defaults to web/dist of this checkout; TRASEALLA_WEB_DIR overrides it, and empty turns it off', () => {
    expect(builtInWebDir()).toBe(join(ROOT, 'web', 'dist'));
    expect(loadConfig({}, {}).webDir).toBe(join(ROOT, 'web', 'dist'));
    expect(loadConfig({}, { TRASEALLA_WEB_DIR: '/srv/ui' }).webDir).toBe('/srv/ui');
    expect(loadConfig({}, { TRASEALLA_WEB_DIR: '' }).webDir).toBeUndefined();
  });
});
