import { and, count, eq, sql } from 'drizzle-orm';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataLayer } from '../../server/data/data-layer';
import { openPostgresStore } from '../../server/data/postgres-store';
import { openSqliteStore } from '../../server/data/sqlite-store';
import { openDatabase } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { migratePostgres } from '../../server/db/migrate-pg';
import { auditLog, instanceSettings, tenants, users } from '../../server/db/schema';
import { freshDatabase, skipWithoutPostgres } from '../helpers/postgres';
import { tempDir } from '../helpers/temp-dir';

/*
 * One query, two engines: the data layer's drizzle builders (written against the SQLite schema)
 * run on a real SQLite file and a real PostgreSQL database and give the same rows, decoded the
 * same way: times, flags, JSON, joins, counts, upserts, prepared statements with placeholders.
 * And the unit-of-work rules: whatever runs inside a transaction writes into it, a throw rolls
 * it all back, and a tenant's unit refuses another tenant's statement.
 */

const noPostgres = skipWithoutPostgres('test/server/data-layer-engines.test.ts (PostgreSQL)');

async function sqliteLayer(): Promise<DataLayer> {
  const file = join(tempDir(), 'crm.db');
  const handle = openDatabase(file);
  await migrate(handle.sqlite);
  handle.close();
  return new DataLayer(openSqliteStore(file));
}

async function postgresLayer(): Promise<DataLayer> {
  const url = await freshDatabase();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await migratePostgres(client);
  await client.end();
  return new DataLayer(openPostgresStore(url));
}

const created = new Date('2026-03-04T05:06:07.089Z');

function behavesTheSame(engine: string, open: () => Promise<DataLayer>) {
  describe(`the data layer on ${engine}`, () => {
    let layer: DataLayer;
    beforeAll(async () => {
      layer = await open();
      const db = layer.db('instance');
      await db.insert(tenants).values([
        {
          id: 'ten_a',
          slug: 'a',
          name: 'A',
          settings: { timezone: 'UTC', currency: 'EUR' } as never,
          createdAt: created,
          updatedAt: created,
        },
        {
          id: 'ten_b',
          slug: 'b',
          name: 'B',
          settings: { timezone: 'UTC', currency: 'USD' } as never,
          createdAt: created,
          updatedAt: created,
        },
      ]);
    });
    afterAll(() => layer?.close());

    it('reads back times, flags and JSON as they were written', async () => {
      const db = layer.db({ tenantId: 'ten_a' });
      const row = await db
        .insert(users)
        .values({
          tenantId: 'ten_a',
          id: 'usr_1',
          email: 'a@x.test',
          name: 'Ann',
          passwordHash: 'h',
          role: 'owner',
          isOperator: true,
          createdAt: created,
          updatedAt: created,
        })
        .returning()
        .get();
      expect(row).toMatchObject({ id: 'usr_1', active: true, isOperator: true, lastLoginAt: null });
      expect(row.createdAt).toEqual(created);
      const tenant = await db.select().from(tenants).where(eq(tenants.id, 'ten_a')).get();
      expect(tenant?.settings).toEqual({ timezone: 'UTC', currency: 'EUR' });
      expect(tenant?.createdAt.getTime()).toBe(created.getTime());
    });

    it('joins, filters on a flag and a time, and counts', async () => {
      const db = layer.db({ tenantId: 'ten_a' });
      const rows = await db
        .select({ email: users.email, tenant: tenants.name, n: sql<number>`1` })
        .from(users)
        .innerJoin(tenants, eq(tenants.id, users.tenantId))
        .where(and(eq(users.tenantId, 'ten_a'), eq(users.active, true), eq(users.createdAt, created)))
        .all();
      expect(rows).toEqual([{ email: 'a@x.test', tenant: 'A', n: 1 }]);
      const counted = await db.select({ n: count() }).from(users).where(eq(users.isOperator, true)).get();
      expect(counted?.n).toBe(1);
      const raw = await db.all<{ n: number }>(sql`SELECT count(*) AS n FROM ${users} WHERE ${users.tenantId} = ${'ten_a'}`);
      expect(raw).toEqual([{ n: 1 }]);
    });

    it('upserts and updates', async () => {
      const db = layer.db('instance');
      const put = (value: string) =>
        db
          .insert(instanceSettings)
          .values({ key: 'k', value, updatedAt: created })
          .onConflictDoUpdate({ target: instanceSettings.key, set: { value } });
      await put('one');
      await put('two');
      expect((await db.select().from(instanceSettings).where(eq(instanceSettings.key, 'k')).get())?.value).toBe('two');
      const changed = await db.update(users).set({ active: false }).where(eq(users.id, 'usr_1')).run();
      expect(changed).toBe(1);
      expect((await db.select({ active: users.active }).from(users).get())?.active).toBe(false);
    });

    it('runs a prepared statement with placeholders, many times', async () => {
      const db = layer.db('instance');
      const byId = db
        .select({ name: tenants.name })
        .from(tenants)
        .where(eq(tenants.id, sql.placeholder('id')))
        .prepare();
      expect(await byId.get({ id: 'ten_a' })).toEqual({ name: 'A' });
      expect(await byId.get({ id: 'ten_b' })).toEqual({ name: 'B' });
      expect(await byId.get({ id: 'ten_none' })).toBeUndefined();
    });

    it('a transaction holds whatever runs inside it, and a throw undoes all of it', async () => {
      const db = layer.db({ tenantId: 'ten_b' });
      const audit = (id: string) => ({
        tenantId: 'ten_b',
        id,
        at: created,
        actorType: 'system' as const,
        action: 'x',
        entity: 'y',
        entityId: 'z',
        changes: { a: 1 },
      });
      await expect(
        layer.transaction({ tenantId: 'ten_b' }, async () => {
          await db.insert(auditLog).values(audit('aud_1'));
          // A helper that knows nothing of the transaction still writes into it, and sees its rows.
          const seen = await layer.db({ tenantId: 'ten_b' }).select({ n: count() }).from(auditLog).get();
          expect(seen?.n).toBe(1);
          throw new Error('undo');
        }),
      ).rejects.toThrow('undo');
      expect((await db.select({ n: count() }).from(auditLog).get())?.n).toBe(0);
      await layer.transaction({ tenantId: 'ten_b' }, () => db.insert(auditLog).values(audit('aud_2')).run());
      const kept = await db.select().from(auditLog).get();
      expect(kept?.changes).toEqual({ a: 1 });
    });

    it("refuses another tenant's statement inside a tenant's unit of work", async () => {
      await expect(
        layer.transaction({ tenantId: 'ten_a' }, () => layer.db({ tenantId: 'ten_b' }).select().from(users).all()),
      ).rejects.toThrow(/ten_b.*ten_a's unit of work/);
      // The instance's unit may act for any tenant.
      const rows = await layer.transaction('instance', () =>
        layer.db({ tenantId: 'ten_b' }).select().from(users).where(eq(users.tenantId, 'ten_b')).all(),
      );
      expect(rows).toEqual([]);
    });
  });
}

behavesTheSame('SQLite', sqliteLayer);
if (!noPostgres) behavesTheSame('PostgreSQL', postgresLayer);
