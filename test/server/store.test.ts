import { sql } from 'drizzle-orm';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { electLeader } from '../../server/data/leadership';
import { openPostgresStore } from '../../server/data/postgres-store';
import { nextSequenceValue } from '../../server/data/sequence-value';
import { openSqliteStore } from '../../server/data/sqlite-store';
import type { Store } from '../../server/data/store';
import { openDatabase } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { migratePostgres } from '../../server/db/migrate-pg';
import { freshDatabase, skipWithoutPostgres } from '../helpers/postgres';
import { tempDir } from '../helpers/temp-dir';

/*
 * The asynchronous store the data layer moves onto, on both engines for real: transactions that
 * never see each other's uncommitted rows, sequence numbers without gaps or duplicates under
 * concurrency (on PostgreSQL from two pools, as two replicas would), rollback on a throw, the
 * tenant set per transaction for row-level security, and one leader among replicas.
 */

const noPostgres = skipWithoutPostgres('test/server/store.test.ts (PostgreSQL)');

const tenant = (id: string) =>
  sql`INSERT INTO tenants (id, slug, name, settings, created_at, updated_at) VALUES (${id}, ${id}, ${id}, '{}', 0, 0)`;
const pgTenant = (id: string) =>
  sql`INSERT INTO tenants (id, slug, name, settings, created_at, updated_at) VALUES (${id}, ${id}, ${id}, '{}', now(), now())`;
const contact = (tenantId: string, id: string, at: unknown) =>
  sql`INSERT INTO contacts (tenant_id, id, first_name, last_name, created_at, updated_at) VALUES (${tenantId}, ${id}, 'A', 'B', ${at}, ${at})`;

async function sqliteStore(): Promise<Store> {
  const file = join(tempDir(), 'crm.db');
  const handle = openDatabase(file);
  await migrate(handle.sqlite);
  handle.close();
  return openSqliteStore(file);
}

async function postgresDatabase(): Promise<string> {
  const url = await freshDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migratePostgres(client);
  await client.end();
  return url;
}

/** The checks every engine passes. */
function behavesAsAStore(engine: string, open: () => Promise<{ store: Store; second: Store; now: unknown; insertTenant: typeof tenant }>) {
  describe(`the store on ${engine}`, () => {
    let store: Store;
    let second: Store;
    let now: unknown;
    beforeAll(async () => {
      let insertTenant: typeof tenant;
      ({ store, second, now, insertTenant } = await open());
      await store.transaction('instance', async (db) => {
        await db.run(insertTenant('ten_a'));
        await db.run(insertTenant('ten_b'));
      });
    });
    afterAll(async () => {
      await store?.close();
      if (second !== store) await second?.close();
    });

    it('a read never sees another unit of work before it commits', async () => {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const writing = store.transaction({ tenantId: 'ten_a' }, async (db) => {
        await db.run(contact('ten_a', 'con_uncommitted', now));
        await held;
      });
      await new Promise((r) => setTimeout(r, 20));
      const during = await store.read({ tenantId: 'ten_a' }, (db) => db.rows(sql`SELECT id FROM contacts WHERE id = 'con_uncommitted'`));
      release();
      await writing;
      const after = await store.read({ tenantId: 'ten_a' }, (db) => db.rows(sql`SELECT id FROM contacts WHERE id = 'con_uncommitted'`));
      expect(during).toEqual([]);
      expect(after).toEqual([{ id: 'con_uncommitted' }]);
    });

    it('a unit of work that throws leaves nothing behind, and the next one runs', async () => {
      await expect(
        store.transaction({ tenantId: 'ten_a' }, async (db) => {
          await db.run(contact('ten_a', 'con_rolled_back', now));
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      const rows = await store.read({ tenantId: 'ten_a' }, (db) => db.rows(sql`SELECT id FROM contacts WHERE id = 'con_rolled_back'`));
      expect(rows).toEqual([]);
      expect(await store.transaction({ tenantId: 'ten_a' }, async () => 'next')).toBe('next');
    });

    it('hands out 60 sequence numbers to 60 concurrent transactions, from two stores: 1 to 60, no gap, no duplicate', async () => {
      const numbers = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          (i % 2 ? second : store).transaction({ tenantId: 'ten_b' }, async (db) => {
            const n = await nextSequenceValue(db, 'ten_b', 'lead');
            // Something else in the same transaction, so transactions overlap for real.
            await db.rows(sql`SELECT count(*) AS n FROM contacts`);
            return n;
          }),
        ),
      );
      expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    });
  });
}

behavesAsAStore('SQLite', async () => {
  const store = await sqliteStore();
  // SQLite has one server per data directory: the "second store" is the same one.
  return { store, second: store, now: 0, insertTenant: tenant };
});

describe.skipIf(noPostgres)('PostgreSQL', () => {
  behavesAsAStore('PostgreSQL', async () => {
    const url = await postgresDatabase();
    return { store: openPostgresStore(url), second: openPostgresStore(url), now: new Date(), insertTenant: pgTenant };
  });

  let url: string;
  beforeAll(async () => {
    url = await postgresDatabase();
  });

  it("sets the tenant per transaction: through the application's role, an unscoped query sees that tenant's rows only", async () => {
    const owner = openPostgresStore(url);
    await owner.transaction('instance', async (db) => {
      await db.run(
        sql`DO $$ BEGIN CREATE ROLE trasealla_store_app LOGIN NOSUPERUSER NOBYPASSRLS; EXCEPTION WHEN duplicate_object THEN NULL; END $$`,
      );
      await db.run(sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO trasealla_store_app`);
      for (const id of ['ten_x', 'ten_y']) {
        await db.run(pgTenant(id));
        await db.run(contact(id, `con_${id}`, new Date()));
      }
    });
    await owner.close();
    const appUrl = new URL(url);
    appUrl.username = 'trasealla_store_app';
    const app = openPostgresStore(appUrl.toString(), { maxConnections: 1 });
    try {
      const unscoped = sql`SELECT tenant_id FROM contacts`;
      expect(await app.read({ tenantId: 'ten_x' }, (db) => db.rows(unscoped))).toEqual([{ tenant_id: 'ten_x' }]);
      // The same pooled connection next, for the other tenant: nothing of the first carries over.
      expect(await app.read({ tenantId: 'ten_y' }, (db) => db.rows(unscoped))).toEqual([{ tenant_id: 'ten_y' }]);
      expect((await app.read('instance', (db) => db.rows(unscoped))).length).toBe(2);
      await expect(app.read({ tenantId: 'ten_x' }, (db) => db.run(contact('ten_x', 'con_in_read', new Date())))).rejects.toThrow(
        /read-only/,
      );
      // Lone statements run without a transaction, on the connection's own setting: still the right tenant.
      expect(await app.alone({ tenantId: 'ten_y' }, false, (db) => db.rows(unscoped))).toEqual([{ tenant_id: 'ten_y' }]);
      expect(await app.alone({ tenantId: 'ten_x' }, false, (db) => db.rows(unscoped))).toEqual([{ tenant_id: 'ten_x' }]);
      // A transaction that switched the connection to ten_y and then rolled back also undid the
      // switch: the next unit for ten_y must not trust the connection to act for it.
      await expect(
        app.transaction({ tenantId: 'ten_y' }, async () => {
          throw new Error('planned');
        }),
      ).rejects.toThrow('planned');
      expect(await app.alone({ tenantId: 'ten_y' }, false, (db) => db.rows(unscoped))).toEqual([{ tenant_id: 'ten_y' }]);
      expect(await app.alone({ tenantId: 'ten_x' }, false, (db) => db.rows(unscoped))).toEqual([{ tenant_id: 'ten_x' }]);
    } finally {
      await app.close();
    }
  });

  it('elects exactly one leader among replicas, and another when the leader stops', async () => {
    const changes: string[] = [];
    const a = electLeader(url, { retryMs: 50, onChange: (l) => changes.push(`a:${l}`) });
    const b = electLeader(url, { retryMs: 50, onChange: (l) => changes.push(`b:${l}`) });
    const until = async (check: () => boolean) => {
      for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
      return check();
    };
    try {
      expect(await until(() => a.isLeader() || b.isLeader())).toBe(true);
      await new Promise((r) => setTimeout(r, 200));
      expect([a.isLeader(), b.isLeader()].filter(Boolean)).toHaveLength(1);
      const [leader, other] = a.isLeader() ? [a, b] : [b, a];
      await leader.stop();
      expect(await until(() => other.isLeader())).toBe(true);
    } finally {
      await a.stop();
      await b.stop();
    }
    expect(changes.filter((c) => c.endsWith(':true'))).toHaveLength(2);
  });
});
