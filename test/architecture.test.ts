import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli-process';

/** The dependency rules from STYLE.md, checked rather than hoped for. */
function sourceFiles(dir: string): string[] {
  const abs = join(ROOT, dir);
  try {
    statSync(abs);
  } catch {
    return [];
  }
  return readdirSync(abs, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !f.includes('node_modules'))
    .map((f) => join(dir, f));
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => (m[1] ?? m[2])!,
  );
}

function resolvesInto(file: string, spec: string, folder: string): boolean {
  if (!spec.startsWith('.')) return false;
  const target = relative(ROOT, join(ROOT, file, '..', spec));
  return target === folder || target.startsWith(`${folder}/`);
}

describe('architecture', () => {
  it('route files never touch the database: they call services', () => {
    const routeFiles = sourceFiles('server/modules').filter((f) => f.endsWith('.routes.ts'));
    expect(routeFiles.length).toBeGreaterThanOrEqual(5);
    for (const file of routeFiles) {
      for (const spec of imports(file)) {
        expect(spec.startsWith('drizzle-orm') || spec === 'better-sqlite3', `${file} imports ${spec}`).toBe(false);
        expect(resolvesInto(file, spec, 'server/db') || resolvesInto(file, spec, 'server/data'), `${file} imports ${spec}`).toBe(false);
      }
    }
  });

  it('services reach tenant tables only through the data layer: no service builds a tenant filter itself', () => {
    const services = sourceFiles('server/modules').filter((f) => f.endsWith('.service.ts'));
    expect(services.length).toBeGreaterThanOrEqual(4);
    for (const file of services) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      // Joining two tenant tables on their tenant_id is fine; comparing tenant_id with a value is the data layer's job.
      expect(text, `${file} writes a tenant filter`).not.toMatch(/eq\(\s*\w+\.tenantId\s*,\s*(?!\s|\w+\.tenantId\b)/);
      expect(text, `${file} writes a tenant filter`).not.toMatch(/tenant_id\s*=\s*\$\{/);
      expect(text, `${file} queries the database directly`).not.toMatch(/\bdb\s*\.\s*(select|insert|update|delete)\s*\(/);
    }
  });

  it('licensing/key is pure: it imports nothing from server, cli or web', () => {
    for (const file of sourceFiles('licensing/key')) {
      for (const spec of imports(file)) {
        for (const folder of ['server', 'cli', 'web', 'licensing/service', 'licensing/client']) {
          expect(resolvesInto(file, spec, folder), `${file} imports ${spec}`).toBe(false);
        }
      }
    }
  });

  it('the server never imports the CLI', () => {
    for (const file of sourceFiles('server'))
      for (const spec of imports(file)) expect(resolvesInto(file, spec, 'cli'), `${file} imports ${spec}`).toBe(false);
  });

  it('the web UI takes only types from the server: no server code ends up in the browser bundle', () => {
    const files = sourceFiles('web/src');
    expect(files.length).toBeGreaterThanOrEqual(5);
    for (const file of files) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
        const [, , typeOnly, spec] = m;
        for (const folder of ['server', 'cli', 'licensing'])
          if (resolvesInto(file, spec!, folder)) expect(typeOnly, `${file} imports ${spec} as code`).toBeDefined();
      }
    }
  });
});
