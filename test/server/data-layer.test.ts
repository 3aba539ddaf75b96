import { getTableName, isTable } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { rowDecoder } from '../../server/data/row-decoder';
import * as platform from '../../server/db/schema';
import * as crm from '../../server/db/schema-crm';
import { addMember, bearer, createTenant, json } from '../helpers/fixtures';
import { populateRecords } from '../helpers/populate';
import { openApiDoc } from '../helpers/routes';
import { createTestApp, type TestApp } from '../helpers/test-app';

let t: TestApp;

/** The app's SQLite handle: this suite is about the SQLite data layer and runs on SQLite only. */
const sqliteOf = (app: TestApp) => {
  if (!app.deps.database) throw new Error('this suite runs on SQLite');
  return app.deps.database;
};

beforeAll(async () => {
  t = await createTestApp();
  const acme = await createTenant(t, 'acme');
  await populateRecords(t, await openApiDoc(t), acme);
  // Soft-deleted rows carry a deletedAt timestamp: the decoder must turn it into a Date too.
  const company = await t.app.request('/api/companies', json('POST', { name: 'Gone Ltd' }, acme.owner.token));
  const { id } = (await company.json()) as { id: string };
  await t.app.request(`/api/companies/${id}`, bearer(acme.owner.token, 'DELETE'));
});

const tables = (Object.values({ ...platform, ...crm }) as unknown[]).filter((v): v is SQLiteTable => isTable(v));

describe('the list row decoder', () => {
  it('gives exactly what drizzle maps, for every table and every column type', () => {
    let checked = 0;
    for (const table of tables) {
      const objects = sqliteOf(t).db.select().from(table).all();
      const decoded = sqliteOf(t).db.select().from(table).values().map(rowDecoder(table));
      expect(decoded, getTableName(table)).toEqual(objects);
      checked += objects.length;
    }
    expect(tables.length).toBeGreaterThanOrEqual(15);
    expect(checked).toBeGreaterThan(50);
  });
});

describe('cached list totals', () => {
  it('follow every write, including one from another connection', async () => {
    const owner = await createTenant(t, 'totals');
    const total = async () => ((await (await t.app.request('/api/contacts', bearer(owner.owner.token))).json()) as { total: number }).total;
    expect(await total()).toBe(0);
    await t.app.request('/api/contacts', json('POST', { firstName: 'Ann', lastName: 'One' }, owner.owner.token));
    expect(await total()).toBe(1);
    expect(await total()).toBe(1);
    // A second connection to the same file (the CLI beside a running server) deletes it for good.
    const Database = (await import('better-sqlite3')).default;
    const other = new Database(sqliteOf(t).file);
    other.prepare('DELETE FROM contacts WHERE tenant_id = ?').run(owner.tenantId);
    other.close();
    expect(await total()).toBe(0);
  });
});

describe('cached analytics answers', () => {
  it('follow every write, including one from another connection, and stay per person', async () => {
    const acme = await createTenant(t, 'answers');
    const member = await addMember(t, acme, 'member');
    const analytics = async (token: string) =>
      (await (await t.app.request('/api/analytics', bearer(token))).json()) as {
        totals: { contacts: number; openTasks: number; myOpenTasks: number };
      };
    expect((await analytics(acme.owner.token)).totals.contacts).toBe(0);
    await t.app.request('/api/contacts', json('POST', { firstName: 'Ann', lastName: 'One' }, acme.owner.token));
    await t.app.request('/api/tasks', json('POST', { title: 'For the member', assigneeId: member.id }, acme.owner.token));
    expect((await analytics(acme.owner.token)).totals).toMatchObject({ contacts: 1, openTasks: 1, myOpenTasks: 0 });
    expect((await analytics(member.token)).totals).toMatchObject({ contacts: 1, openTasks: 1, myOpenTasks: 1 });
    expect((await analytics(acme.owner.token)).totals.myOpenTasks).toBe(0);
    const Database = (await import('better-sqlite3')).default;
    const other = new Database(sqliteOf(t).file);
    other.prepare('DELETE FROM contacts WHERE tenant_id = ?').run(acme.tenantId);
    other.close();
    expect((await analytics(acme.owner.token)).totals.contacts).toBe(0);
  });
});

describe('deferred WAL checkpoints (bulk imports)', () => {
  it('stay off until the last of overlapping imports ends, then come back', () => {
    const database = sqliteOf(t);
    const autocheckpoint = () => database.sqlite.pragma('wal_autocheckpoint', { simple: true });
    expect(autocheckpoint()).toBe(1000);
    const first = database.deferCheckpoints();
    const second = database.deferCheckpoints();
    expect(autocheckpoint()).toBe(0);
    first();
    first();
    expect(autocheckpoint()).toBe(0);
    second();
    expect(autocheckpoint()).toBe(1000);
  });
});
