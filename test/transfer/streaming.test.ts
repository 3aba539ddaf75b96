import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type TenantFixture } from '../helpers/fixtures';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { parseCsv } from '../../server/modules/transfer/csv';
import { countRows } from './helpers';
import { BATCH_ROWS } from '../../server/modules/transfer/import.service';

/** Over real HTTP: the body streams in and out through the Node adapter, not as one string. */
let t: TestApp;
let acme: TenantFixture;
let server: ServerType;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'stream');
  server = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await t.close();
});

const ROWS = 20_000;

/** The CSV generated a chunk at a time, so the client never holds it whole either. */
function generated(rows: number): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (i === 0) controller.enqueue(encoder.encode('First name,Last name,Email,Company,Phone\r\n'));
      let text = '';
      for (const end = Math.min(rows, i + 1000); i < end; i++)
        text += `Person,"Number ${i}",p${i}@load.example,Company ${i % 50},+1 555 ${String(i).padStart(6, '0')}\r\n`;
      controller.enqueue(encoder.encode(text));
      if (i >= rows) controller.close();
    },
  });
}

describe('streaming over HTTP', () => {
  it(`imports ${ROWS} generated rows sent chunked, with the right counts`, async () => {
    const res = await fetch(`${base}/api/import/contacts?mode=skip-invalid`, {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.owner.token}`, 'content-type': 'text/csv' },
      body: generated(ROWS),
      duplex: 'half',
    } as RequestInit);
    const report = (await res.json()) as { counts: Record<string, number>; durationMs: number };
    expect(res.status, JSON.stringify(report).slice(0, 300)).toBe(200);
    expect(report.counts).toMatchObject({ rows: ROWS, created: ROWS, invalid: 0, duplicates: 0, companiesCreated: 50 });
    expect(await countRows(t, 'contacts', acme.tenantId)).toBe(ROWS);
  }, 60_000);

  it('exports them all, complete and parseable, as CSV and as JSON', async () => {
    const csvRes = await fetch(`${base}/api/export/contacts?format=csv`, { headers: { authorization: `Bearer ${acme.owner.token}` } });
    expect(csvRes.headers.get('content-type')).toMatch(/text\/csv/);
    expect(csvRes.headers.get('content-disposition')).toMatch(/filename=".*-contacts-.*\.csv"/);
    const records = parseCsv(await csvRes.text());
    expect(records).toHaveLength(ROWS + 1);
    const header = records[0]!.cells;
    const email = header.indexOf('email');
    expect(new Set(records.slice(1).map((r) => r.cells[email])).size).toBe(ROWS);
    expect(records[1]!.cells[header.indexOf('company')]).toMatch(/^Company \d+$/);
    const jsonRes = await fetch(`${base}/api/export/contacts?format=json`, { headers: { authorization: `Bearer ${acme.owner.token}` } });
    const items = (await jsonRes.json()) as { email: string }[];
    expect(items).toHaveLength(ROWS);
  }, 60_000);

  it('refuses a file over the size limit with 413', async () => {
    const configured = t.deps.config.importMaxBytes;
    t.deps.config.importMaxBytes = 1000;
    try {
      const res = await fetch(`${base}/api/import/contacts?mode=dry-run`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.owner.token}`, 'content-type': 'text/csv' },
        body: generated(200),
        duplex: 'half',
      } as RequestInit);
      expect(res.status).toBe(413);
    } finally {
      t.deps.config.importMaxBytes = configured;
    }
  });
});

describe('upload limits', () => {
  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const configured = t.deps.config.importMaxBytes;
    t.deps.config.importMaxBytes = 1000;
    try {
      const res = await fetch(`${base}/api/import/contacts?mode=skip-invalid`, {
        method: 'POST',
        headers: { authorization: `Bearer ${acme.owner.token}`, 'content-type': 'text/csv' },
        body: 'First name,Last name\r\n' + 'A,B\r\n'.repeat(400),
      });
      expect(res.status).toBe(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    } finally {
      t.deps.config.importMaxBytes = configured;
    }
  });

  it('commits rows while the upload is still arriving (the body is never buffered whole)', async () => {
    const tenant = await createTenant(t, 'stream-live');
    const first = 2 * BATCH_ROWS + 10;
    const before = await countRows(t, 'contacts', tenant.tenantId);
    let committedBeforeTheRest = -1;
    const encoder = new TextEncoder();
    let part = 0;
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (part === 0) {
          let text = 'First name,Last name,Email\r\n';
          for (let i = 0; i < first; i++) text += `Early,Row ${i},early${i}@live.example\r\n`;
          controller.enqueue(encoder.encode(text));
        } else {
          // Hold the rest back until the server has written rows from the first part, or give up after 10 s.
          const deadline = Date.now() + 10_000;
          while ((await countRows(t, 'contacts', tenant.tenantId)) === before && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 50));
          committedBeforeTheRest = (await countRows(t, 'contacts', tenant.tenantId)) - before;
          controller.enqueue(encoder.encode('Late,Row,late@live.example\r\n'));
          controller.close();
        }
        part++;
      },
    });
    const res = await fetch(`${base}/api/import/contacts?mode=skip-invalid`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tenant.owner.token}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(200);
    expect(committedBeforeTheRest).toBeGreaterThanOrEqual(BATCH_ROWS);
    expect((await countRows(t, 'contacts', tenant.tenantId)) - before).toBe(first + 1);
  }, 60_000);
});
