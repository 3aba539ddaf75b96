import { isNull, sql } from 'drizzle-orm';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { fixedClock } from '../platform/clock';
import { DataLayer } from '../server/data/data-layer';
import { openPostgresStore } from '../server/data/postgres-store';
import { openSqliteStore } from '../server/data/sqlite-store';
import type { Executor, Store } from '../server/data/store';
import { TenantScope } from '../server/data/tenant-scope';
import { openDatabase } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { migratePostgres } from '../server/db/migrate-pg';
import { contacts } from '../server/db/schema-crm';
import { freshDatabase, startPostgres } from '../test/helpers/postgres';

/*
 * What the asynchronous data layer costs per operation: better-sqlite3's own statements, run
 * synchronously (the floor, measured in the same run), the Store (one awaited unit of work per
 * operation) and the services' TenantScope over it, each on SQLite and on a local PostgreSQL
 * (pool, transaction, SET LOCAL). CPU is this process's (user + system) per
 * operation, so PostgreSQL's own server CPU is not in its figure; wall time per operation
 * shows the round trips. One tenant of BENCH_CONTACTS contacts (default 10,000) beside nine
 * others of the same size.
 */

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const TENANTS = 10;
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3_000);
const T = 'ten_01JBENCHAAAAAAAAAAAAAAAAAA';
const tenantIds = [T, ...Array.from({ length: TENANTS - 1 }, (_, i) => `ten_01JBENCH${String(i).padStart(17, '0')}`)];

interface Case {
  name: string;
  run: () => unknown;
}

async function timeCase(c: Case): Promise<{ cpuUs: number; wallUs: number }> {
  for (let i = 0; i < Math.min(300, ITERATIONS / 10); i++) await c.run(); // warm up
  const cpu = process.cpuUsage();
  const wall = performance.now();
  for (let i = 0; i < ITERATIONS; i++) await c.run();
  const used = process.cpuUsage(cpu);
  return { cpuUs: (used.user + used.system) / ITERATIONS, wallUs: ((performance.now() - wall) * 1000) / ITERATIONS };
}

/** The same rows on every engine: contacts spread over ten tenants, created a second apart. */
async function seed(store: Store, at: (ms: number) => unknown): Promise<void> {
  await store.transaction('instance', async (db) => {
    for (const id of tenantIds)
      await db.run(
        sql`INSERT INTO tenants (id, slug, name, settings, created_at, updated_at) VALUES (${id}, ${id}, ${id}, '{}', ${at(0)}, ${at(0)})`,
      );
    for (const tenant of tenantIds)
      for (let i = 0; i < CONTACTS; i += 200) {
        const rows = Array.from({ length: Math.min(200, CONTACTS - i) }, (_, j) => {
          const n = i + j;
          return sql`(${tenant}, ${`con_${tenant.slice(-6)}_${String(n).padStart(6, '0')}`}, ${`First${n}`}, ${`Last${n}`}, ${at(n * 1000)}, ${at(n * 1000)})`;
        });
        await db.run(
          sql`INSERT INTO contacts (tenant_id, id, first_name, last_name, created_at, updated_at) VALUES ${sql.join(rows, sql`, `)}`,
        );
      }
  });
}

const someId = `con_${T.slice(-6)}_${String(Math.floor(CONTACTS / 2)).padStart(6, '0')}`;
let created = 0;

/** The three operations in the store's words (what TenantScope's find, list and insert will become). */
function storeCases(label: string, store: Store, at: (ms: number) => unknown): Case[] {
  const owner = { tenantId: T };
  const page = (db: Executor) =>
    db.rows(sql`SELECT * FROM contacts WHERE tenant_id = ${T} AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 51`);
  return [
    {
      name: `${label}: get one contact`,
      run: () => store.read(owner, (db) => db.rows(sql`SELECT * FROM contacts WHERE tenant_id = ${T} AND id = ${someId}`)),
    },
    { name: `${label}: list page of 50`, run: () => store.read(owner, page) },
    {
      name: `${label}: create a contact`,
      run: () =>
        store.transaction(owner, (db) =>
          db.run(
            sql`INSERT INTO contacts (tenant_id, id, first_name, last_name, created_at, updated_at) VALUES (${T}, ${`con_new_${label}_${created++}`}, 'New', 'One', ${at(Date.now())}, ${at(Date.now())})`,
          ),
        ),
    },
  ];
}

const dir = mkdtempSync(join(tmpdir(), 'trasealla-store-bench-'));
const file = join(dir, 'crm.db');
const handle = openDatabase(file);
await migrate(handle.sqlite);
const sqliteStore = openSqliteStore(file);
await seed(sqliteStore, (ms) => ms);

const getOne = handle.sqlite.prepare('SELECT * FROM contacts WHERE tenant_id = ? AND id = ?');
const listPage = handle.sqlite.prepare(
  'SELECT * FROM contacts WHERE tenant_id = ? AND deleted_at IS NULL ORDER BY created_at DESC, id DESC LIMIT 51',
);
const insertOne = handle.sqlite.prepare(
  'INSERT INTO contacts (tenant_id, id, first_name, last_name, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
);
const floorCases: Case[] = [
  { name: 'better-sqlite3, synchronous (floor): get one contact', run: () => getOne.get(T, someId) },
  { name: 'better-sqlite3, synchronous (floor): list page of 50', run: () => listPage.all(T) },
  {
    name: 'better-sqlite3, synchronous (floor): create a contact',
    run: () => insertOne.run(T, `con_floor_${created++}`, 'New', 'One', Date.now(), Date.now()),
  },
];

/** The same three through what services call: TenantScope over the data layer. */
function scopeCases(label: string, store: Store): Case[] {
  const scope = new TenantScope(new DataLayer(store), T, { type: 'system', id: null, role: 'owner' }, undefined, fixedClock(new Date()));
  return [
    { name: `${label}: get one contact`, run: () => scope.find(contacts, someId) },
    {
      name: `${label}: list page of 50`,
      run: () =>
        scope.list(contacts, {
          where: isNull(contacts.deletedAt),
          sort: { key: 'createdAt', column: contacts.createdAt, direction: 'desc' },
          limit: 50,
        }),
    },
    { name: `${label}: create a contact`, run: () => scope.insert(contacts, 'con', { firstName: 'New', lastName: 'One' }) },
  ];
}

const cluster = await startPostgres();
try {
  const url = await freshDatabase(cluster.url);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migratePostgres(client);
  await client.end();
  const postgresStore = openPostgresStore(url);
  await seed(postgresStore, (ms) => new Date(ms));

  const groups = [
    floorCases,
    storeCases('Store on SQLite', sqliteStore, (ms) => ms),
    scopeCases('TenantScope on SQLite', sqliteStore),
    storeCases('Store on PostgreSQL', postgresStore, (ms) => new Date(ms)),
    scopeCases('TenantScope on PostgreSQL', postgresStore),
  ];
  const results: { name: string; cpuUs: number; wallUs: number }[][] = [];
  for (const group of groups) {
    const measured = [];
    for (const c of group) measured.push({ name: c.name, ...(await timeCase(c)) });
    results.push(measured);
  }
  console.log(
    `\nThe data layer's store, ${ITERATIONS} operations per case, ${TENANTS} tenants x ${CONTACTS} contacts (Node ${process.version})`,
  );
  console.log('| case | CPU µs/op | CPU vs floor | wall µs/op |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const measured of results)
    measured.forEach((r, i) => {
      const base = results[0]![i]!;
      console.log(`| ${r.name} | ${r.cpuUs.toFixed(1)} | ${((100 * r.cpuUs) / base.cpuUs).toFixed(0)}% | ${r.wallUs.toFixed(1)} |`);
    });
  await postgresStore.close();
} finally {
  cluster.stop();
  await sqliteStore.close();
  handle.close();
}
