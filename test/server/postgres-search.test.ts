import { sql, type SQL } from 'drizzle-orm';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../platform/clock';
import { DataLayer } from '../../server/data/data-layer';
import { openPostgresStore } from '../../server/data/postgres-store';
import { searchRecords, type SearchHit } from '../../server/data/search';
import { postgresSearchQuery } from '../../server/data/search-postgres';
import { openSqliteStore } from '../../server/data/sqlite-store';
import type { Store } from '../../server/data/store';
import { TenantScope } from '../../server/data/tenant-scope';
import { openDatabase, type DatabaseHandle } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { migratePostgres } from '../../server/db/migrate-pg';
import { postgresExpression } from '../../server/db/search-index-postgres';
import { SEARCH_KINDS } from '../../server/modules/crm/record-types';
import { freshDatabase, skipWithoutPostgres } from '../helpers/postgres';
import { tempDir } from '../helpers/temp-dir';

/*
 * Search on PostgreSQL (tsvector, GIN, prefix matching) against search on SQLite (FTS5): the same
 * rows written to both engines, through their triggers, and the same searches find the same
 * records, a name match first: accents, phone digits, lead numbers, a contact's company, another
 * tenant's rows never, deleted rows out and back.
 */

const noPostgres = skipWithoutPostgres('test/server/postgres-search.test.ts');

const A = 'ten_01JAAAAAAAAAAAAAAAAAAAAAAA';
const B = 'ten_01JBBBBBBBBBBBBBBBBBBBBBBB';

/** The fixture, in words both engines take (`at` is each engine's "now"). */
function fixture(at: unknown): SQL[] {
  const tenant = (id: string) =>
    sql`INSERT INTO tenants (id, slug, name, settings, created_at, updated_at) VALUES (${id}, ${id}, ${id}, '{}', ${at}, ${at})`;
  const company = (t: string, id: string, name: string, phone: string | null) =>
    sql`INSERT INTO companies (tenant_id, id, name, phone, created_at, updated_at) VALUES (${t}, ${id}, ${name}, ${phone}, ${at}, ${at})`;
  const contact = (
    t: string,
    id: string,
    first: string,
    last: string,
    email: string | null,
    companyId: string | null,
    phone: string | null,
  ) =>
    sql`INSERT INTO contacts (tenant_id, id, first_name, last_name, email, company_id, phone, created_at, updated_at)
        VALUES (${t}, ${id}, ${first}, ${last}, ${email}, ${companyId}, ${phone}, ${at}, ${at})`;
  const lead = (t: string, id: string, n: number, title: string) =>
    sql`INSERT INTO leads (tenant_id, id, number, title, source, stage, created_at, updated_at) VALUES (${t}, ${id}, ${n}, ${title}, 'website', 'new', ${at}, ${at})`;
  return [
    tenant(A),
    tenant(B),
    company(A, 'com_globex', 'Globex Corporation', '+1 (555) 010-2000'),
    company(A, 'com_initech', 'Initech', null),
    contact(A, 'con_ana', 'Ana', 'Pérez', 'ana@globex.example', 'com_globex', '+1 (555) 867-5309'),
    contact(A, 'con_hank', 'Hank', 'Scorpio', 'hank@globex.example', 'com_globex', null),
    contact(A, 'con_anabel', 'Anabel', 'García', null, 'com_initech', '+44 20 7946 0123'),
    lead(A, 'led_42', 42, 'Globex renewal'),
    lead(A, 'led_7', 7, 'Initech rollout'),
    // Another tenant with the same names: never in A's results.
    company(B, 'com_globex_b', 'Globex Corporation', null),
    contact(B, 'con_ana_b', 'Ana', 'Pérez', 'ana@b.example', null, '+1 (555) 867-5309'),
  ];
}

const SEARCHES = [
  'ana',
  'ana per',
  'ANA PÉREZ',
  'globex',
  'glob corp',
  '5558675',
  '867-5309',
  '2079460123',
  '0042',
  'led',
  'initech',
  'hank@globex',
  'garc',
  'nothing-like-this',
];

const hitsOf = (hits: SearchHit[]) => hits.map((h) => `${h.kind}:${h.id}`);

describe.skipIf(noPostgres)('search on PostgreSQL, as on SQLite', () => {
  let sqliteStore: Store;
  let sqliteHandle: DatabaseHandle;
  let scope: TenantScope;
  let postgres: Store;

  const onPostgres = async (q: string, tenant = A) =>
    postgres.read({ tenantId: tenant }, async (db) => {
      const query = postgresSearchQuery(tenant, q, SEARCH_KINDS, 20);
      return query ? hitsOf((await db.rows(query)) as unknown as SearchHit[]) : [];
    });
  const onSqlite = async (q: string) => hitsOf(await searchRecords(scope, q, SEARCH_KINDS, 20));

  beforeAll(async () => {
    const file = join(tempDir(), 'crm.db');
    sqliteHandle = openDatabase(file);
    await migrate(sqliteHandle.sqlite);
    sqliteStore = openSqliteStore(file);
    await sqliteStore.transaction('instance', async (db) => {
      for (const statement of fixture(0)) await db.run(statement);
    });
    scope = new TenantScope(new DataLayer(sqliteStore), A, { type: 'system', id: null, role: 'owner' }, undefined, fixedClock(new Date()));

    const url = await freshDatabase();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await migratePostgres(client);
    await client.end();
    postgres = openPostgresStore(url);
    await postgres.transaction('instance', async (db) => {
      for (const statement of fixture(new Date())) await db.run(statement);
    });
  });
  afterAll(async () => {
    await postgres?.close();
    await sqliteStore?.close();
    sqliteHandle?.close();
  });

  it('finds the same records for every search, names ranked above the other words on both', async () => {
    // The same set; the order within equally good matches may differ (bm25 there, ts_rank here).
    for (const q of SEARCHES) expect([...(await onPostgres(q))].sort(), q).toEqual([...(await onSqlite(q))].sort());
    // "corporation" is in the company's name and, through it, in its contacts' other words.
    for (const engine of [await onSqlite('corporation'), await onPostgres('corporation')]) {
      expect(engine[0]).toBe('company:com_globex');
      expect(engine).toHaveLength(3);
    }
    // And the searches do find things: accents, phone digits, lead numbers, a contact's company.
    expect(await onPostgres('ana per')).toEqual(['contact:con_ana']);
    expect(await onPostgres('5558675')).toEqual(['contact:con_ana']);
    expect(await onPostgres('2079460123')).toEqual(['contact:con_anabel']);
    expect(await onPostgres('0042')).toEqual(['lead:led_42']);
    expect(await onPostgres('corporation')).toEqual(expect.arrayContaining(['company:com_globex', 'contact:con_ana', 'contact:con_hank']));
    expect(await onPostgres('globex')).toEqual(expect.arrayContaining(['contact:con_ana', 'contact:con_hank', 'lead:led_42']));
  });

  it("never answers with another tenant's records", async () => {
    expect(await onPostgres('ana per', B)).toEqual(['contact:con_ana_b']);
    expect(await onPostgres('initech', B)).toEqual([]);
  });

  it('drops a deleted record and finds it again when it is restored', async () => {
    const setDeleted = (value: unknown) => sql`UPDATE contacts SET deleted_at = ${value} WHERE tenant_id = ${A} AND id = 'con_hank'`;
    await postgres.transaction({ tenantId: A }, (db) => db.run(setDeleted(new Date())));
    expect(await onPostgres('hank')).toEqual([]);
    await postgres.transaction({ tenantId: A }, (db) => db.run(setDeleted(null)));
    expect(await onPostgres('hank')).toEqual(['contact:con_hank']);
  });

  it("spells the definitions' SQLite-only functions in PostgreSQL's words, and refuses ones it cannot", () => {
    expect(postgresExpression("'LED-' || printf('%04d', new.number)")).toBe("'LED-' || lpad((new.number)::text, 4, '0')");
    expect(() => postgresExpression("instr(new.name, 'x')")).toThrow(/no PostgreSQL spelling/);
  });
});
