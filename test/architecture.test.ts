import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli-process';

/**
 * What an import rule cannot see: services must not write a tenant filter of their own (the data
 * layer does, in one place). The dependency directions themselves are ESLint's (eslint.config.js,
 * proven to bite by test/lint.test.ts).
 */
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

describe('architecture', () => {
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
});
