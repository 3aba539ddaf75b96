import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedSampleData } from '../../cli/demo/sample-data';
import { runSetup } from '../../server/license/setup';
import { api } from '../crm/crm-helpers';
import { trasealla } from '../helpers/cli-in-process';
import { createTenant, login } from '../helpers/fixtures';
import { freePort } from '../helpers/ports';
import { freshDatabase, skipWithoutPostgres } from '../helpers/postgres';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { tempDir } from '../helpers/temp-dir';

/*
 * `trasealla db copy`, on a real PostgreSQL server: a seeded SQLite instance (the demo's sample
 * team, a second tenant beside it) copied into PostgreSQL and back into a new SQLite data
 * directory. The instance read back serves the same whole-tenant exports, record for record,
 * and every table has the same row count and checksum at each step.
 */

const noPostgres = skipWithoutPostgres('test/cli/db-copy.test.ts');

const NOW = new Date('2026-11-25T09:00:00.000Z');
const OWNER = { email: 'owner@copy.example', password: 'Sturdy-Copy-Pass-73' };

type Export = Record<string, unknown> & { exportedAt: string };

/** Each tenant's whole-tenant document, as its owner exports it (exportedAt aside). */
async function exportsOf(t: TestApp, owners: { email: string; password: string; tenant?: string }[]): Promise<Export[]> {
  const out: Export[] = [];
  for (const o of owners) {
    const token = await login(t, o.email, o.password, o.tenant);
    const res = await t.app.request('/api/export', { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const { exportedAt: _exportedAt, ...doc } = (await res.json()) as Export;
    out.push(doc as Export);
  }
  return out;
}

describe.skipIf(noPostgres)('trasealla db copy', () => {
  const original = tempDir();
  const roundTrip = tempDir();
  let pgUrl: string;
  let owners: { email: string; password: string; tenant?: string }[];
  let before: Export[];
  let t: TestApp | undefined;

  beforeAll(async () => {
    pgUrl = await freshDatabase();
    t = await createTestApp({ dataDir: original });
    t.clock.set(NOW);
    const setup = await runSetup(t.deps, t.license!, {
      licenseKey: t.license!.keyText()!,
      company: 'Copy Company',
      tenantSlug: 'copy',
      adminName: 'Copy Owner',
      adminEmail: OWNER.email,
      adminPassword: OWNER.password,
    });
    await seedSampleData(t.deps, setup.tenant.id, setup.owner.id, { now: NOW });
    const other = await createTenant(t, 'beside');
    await api(t, other.owner.token).post('/api/contacts', { firstName: 'Ana', lastName: 'Pérez', email: 'ana@beside.example' });
    owners = [OWNER, { email: other.owner.email, password: 'Correct-Horse-42', tenant: other.slug }];
    before = await exportsOf(t, owners);
    await t.close();
    t = undefined;
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  it('copies SQLite into PostgreSQL and back, with identical whole-tenant exports and table checksums', async () => {
    const toPg = await trasealla(['db', 'copy', '--data-dir', original, '--to', pgUrl, '--json']);
    expect(toPg.code, toPg.stderr).toBe(0);
    const there = toPg.json() as { rows: number; tables: { table: string; rows: number; checksum: string }[] };
    expect(there.rows).toBeGreaterThan(1000);
    expect(there.tables.find((x) => x.table === 'contacts')!.rows).toBeGreaterThan(300);
    expect(there.tables.find((x) => x.table === 'instance_settings')!.rows).toBeGreaterThan(0);

    // PostgreSQL's search index was built once the rows were in: every live contact is in it.
    const pgClient = new pg.Client({ connectionString: pgUrl });
    await pgClient.connect();
    try {
      const { rows } = await pgClient.query<{ documents: string; contacts: string }>(
        "SELECT (SELECT count(*) FROM search_documents WHERE kind = 'contact') AS documents, (SELECT count(*) FROM contacts WHERE deleted_at IS NULL) AS contacts",
      );
      expect(Number(rows[0]!.documents)).toBe(Number(rows[0]!.contacts));
    } finally {
      await pgClient.end();
    }

    const back = await trasealla(['db', 'copy', '--from', pgUrl, '--to', roundTrip, '--json']);
    expect(back.code, back.stderr).toBe(0);
    expect((back.json() as typeof there).tables).toEqual(there.tables);

    t = await createTestApp({ dataDir: roundTrip });
    expect(await exportsOf(t, owners)).toEqual(before);
    // The copy's search index was rebuilt by its triggers as the rows went in.
    const token = await login(t, OWNER.email, OWNER.password);
    const hits = await api(t, token).get<{ data: unknown[] }>('/api/search?q=a&types=contact');
    expect(hits.data.length).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a target that is not empty, a malformed URL and a server that is not there, with their exit codes', async () => {
    const again = await trasealla(['db', 'copy', '--data-dir', original, '--to', pgUrl]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty/);
    const intoCopy = await trasealla(['db', 'copy', '--data-dir', original, '--to', roundTrip]);
    expect(intoCopy.code).toBe(1);
    expect(intoCopy.stderr).toMatch(/is not empty/);
    const malformed = await trasealla(['db', 'copy', '--data-dir', original, '--to', 'postgres:/nowhere']);
    expect(malformed.code).toBe(3);
    const port = await freePort();
    const absent = await trasealla(['db', 'copy', '--data-dir', original, '--to', `postgres://nobody:secret-pw@127.0.0.1:${port}/x`]);
    expect(absent.code).toBe(3);
    expect(absent.stderr).toMatch(/Cannot use that PostgreSQL database/);
    expect(absent.stderr + absent.stdout).not.toContain('secret-pw');
  });
});
