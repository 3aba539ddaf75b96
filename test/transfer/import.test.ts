import { beforeEach, describe, expect, it } from 'vitest';
import { addMember, bearer, createTenant, type TenantFixture } from '../helpers/fixtures';
import { snapshot } from '../helpers/db-snapshot';
import { createTestApp, type TestApp } from '../helpers/test-app';
import { countRows, importCsvAs } from './helpers';

let t: TestApp;
let acme: TenantFixture;

beforeEach(async () => {
  t = await createTestApp();
  acme = await createTenant(t, 'acme');
});

/** Line 1 header; 2, 3 good; 4 bad email; 5 duplicate of an existing contact; 6 missing last name; 7 duplicate of line 2; 8 good, multi-line note (an ignored column). */
const FILE = [
  'First name,Last name,E-mail,Company,Job title,Notes',
  'Ana,Pérez,ana@example.com,Acme Ltd,CEO,ignored',
  'Bo,Berg,bo@example.com,acme ltd,,',
  'Cy,Cole,not-an-email,,,',
  'Old,Timer,OLD@example.com,,,',
  'Di,,di@example.com,,,',
  'Ana,Again,ana@example.com,,,',
  'Ed,Eng,ed@example.com,,,"Notes over\ntwo lines"',
].join('\r\n');

async function seedExisting() {
  const res = await t.app.request('/api/contacts', {
    method: 'POST',
    headers: { authorization: `Bearer ${acme.owner.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ firstName: 'Old', lastName: 'Contact', email: 'old@example.com' }),
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe('CSV import of contacts', () => {
  it('a dry run names every bad line and writes nothing', async () => {
    await seedExisting();
    const before = await snapshot(t.raw);
    const { status, body } = await importCsvAs(t, 'contacts', FILE, acme.owner.token, 'mode=dry-run');
    expect(status).toBe(200);
    expect(body.committed).toBe(false);
    expect(body.counts).toMatchObject({ rows: 7, created: 3, duplicates: 2, skipped: 2, invalid: 2, updated: 0, companiesCreated: 1 });
    expect(body.errors).toEqual([
      { line: 4, field: 'email', message: 'Not a valid email address.' },
      { line: 6, field: 'lastName', message: expect.any(String) },
    ]);
    expect(body.rejectedCsv).toContain('error');
    expect(await snapshot(t.raw)).toEqual(before);
  });

  it('skip-invalid imports exactly the good rows, finds or creates the company, and returns the bad ones as CSV', async () => {
    await seedExisting();
    const { status, body } = await importCsvAs(t, 'contacts', FILE, acme.owner.token, 'mode=skip-invalid');
    expect(status).toBe(200);
    expect(body.committed).toBe(true);
    expect(body.counts).toMatchObject({ rows: 7, created: 3, invalid: 2, duplicates: 2, skipped: 2 });
    const emails = (await t.raw.all<{ email: string }>('SELECT email FROM contacts WHERE tenant_id = ?', acme.tenantId))
      .map((r) => r.email)
      .sort();
    expect(emails).toEqual(['ana@example.com', 'bo@example.com', 'ed@example.com', 'old@example.com']);
    const companies = await t.raw.all<{ id: string; name: string }>('SELECT id, name FROM companies WHERE tenant_id = ?', acme.tenantId);
    expect(companies).toEqual([{ id: expect.any(String), name: 'Acme Ltd' }]);
    const linked = await t.raw.get<{ n: number }>(
      'SELECT count(*) AS n FROM contacts WHERE tenant_id = ? AND company_id = ?',
      acme.tenantId,
      companies[0]!.id,
    );
    expect(linked?.n).toBe(2);
    const ed = await t.raw.get<{ title: string }>("SELECT title FROM contacts WHERE email = 'ed@example.com'");
    expect(ed).toBeDefined();
    expect(ed?.title).toBeNull();
    const rejected = body.rejectedCsv!.trim().split('\r\n');
    expect(rejected[0]).toBe('First name,Last name,E-mail,Company,Job title,Notes,error');
    expect(rejected).toHaveLength(3);
    expect(rejected[1]).toMatch(/^Cy,Cole,not-an-email/);
    // Audit: one entry per created record, plus one for the import.
    const audits = await t.raw.all(
      "SELECT action, entity, count(*) AS n FROM audit_log WHERE tenant_id = ? AND (request_id IS NULL OR request_id <> 'test') GROUP BY action, entity ORDER BY entity, action",
      acme.tenantId,
    );
    expect(audits).toEqual(
      expect.arrayContaining([
        { action: 'create', entity: 'contacts', n: 4 },
        { action: 'import', entity: 'contacts', n: 1 },
      ]),
    );
  });

  it('duplicates=update changes the existing record; duplicates=create adds another', async () => {
    const oldId = await seedExisting();
    const csv = 'email,title,lastName,firstName\nold@example.com,Boss,Contact,Old\n';
    const updated = await importCsvAs(t, 'contacts', csv, acme.owner.token, 'mode=skip-invalid&duplicates=update');
    expect(updated.body.counts).toMatchObject({ rows: 1, updated: 1, created: 0, duplicates: 1 });
    expect(await t.raw.get('SELECT title FROM contacts WHERE id = ?', oldId)).toEqual({ title: 'Boss' });
    const created = await importCsvAs(t, 'contacts', csv, acme.owner.token, 'mode=skip-invalid&duplicates=create');
    expect(created.body.counts).toMatchObject({ rows: 1, created: 1, duplicates: 0 });
    expect(await countRows(t, 'contacts', acme.tenantId)).toBe(2);
  });

  it('all-or-nothing imports nothing when one row is bad, everything when all are good', async () => {
    const before = await snapshot(t.raw);
    const bad = await importCsvAs(t, 'contacts', FILE, acme.owner.token, 'mode=all-or-nothing');
    expect(bad.status).toBe(422);
    expect(bad.body.error?.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error?.details?.errors.map((e) => e.line)).toEqual([4, 6]);
    expect(await snapshot(t.raw)).toEqual(before);
    const good = await importCsvAs(
      t,
      'contacts',
      'first name,last name,email\nA,B,a@b.example\nC,D,c@d.example\n',
      acme.owner.token,
      'mode=all-or-nothing',
    );
    expect(good.status).toBe(200);
    expect(good.body.counts.created).toBe(2);
    expect(await countRows(t, 'contacts', acme.tenantId)).toBe(2);
  });

  it('takes an explicit mapping (JSON or map.<header>) and splits a full name', async () => {
    const csv = 'Person,Mail address,Cell\nMary Jane Watson,MJ@example.com,+1 555 0100\n';
    const json = await importCsvAs(
      t,
      'contacts',
      csv,
      acme.owner.token,
      `mode=skip-invalid&mapping=${encodeURIComponent(JSON.stringify({ Person: 'fullName', 'Mail address': 'email' }))}`,
    );
    expect(json.body.counts.created).toBe(1);
    const row = await t.raw.get('SELECT first_name, last_name, email, phone FROM contacts WHERE tenant_id = ?', acme.tenantId);
    expect(row).toEqual({ first_name: 'Mary Jane', last_name: 'Watson', email: 'mj@example.com', phone: '+1 555 0100' });
    const pairs = await importCsvAs(
      t,
      'contacts',
      'Vorname,Nachname\nJo,Ko\n',
      acme.owner.token,
      'mode=skip-invalid&map.Vorname=firstName&map.Nachname=lastName',
    );
    expect(pairs.body.counts.created).toBe(1);
    const wrong = await importCsvAs(t, 'contacts', csv, acme.owner.token, `mapping=${encodeURIComponent('{"Person":"shoeSize"}')}`);
    expect(wrong.status).toBe(400);
  });

  it('refuses bad requests with 4xx and the error shape: not CSV, empty, broken quoting, viewers', async () => {
    const notCsv = await t.app.request('/api/import/contacts', {
      method: 'POST',
      headers: { authorization: `Bearer ${acme.owner.token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(notCsv.status).toBe(415);
    expect((await importCsvAs(t, 'contacts', '', acme.owner.token)).status).toBe(400);
    const broken = await importCsvAs(t, 'contacts', 'a,b\n"x"y,z\n', acme.owner.token, 'mode=skip-invalid');
    expect(broken.status).toBe(400);
    expect((broken.body as unknown as { error: { message: string } }).error.message).toMatch(/line 2/);
    const viewer = await addMember(t, acme, 'viewer');
    expect((await importCsvAs(t, 'contacts', 'firstName,lastName\na,b\n', viewer.token, 'mode=skip-invalid')).status).toBe(403);
    expect(
      (
        await t.app.request('/api/import/contacts?mode=sideways', {
          method: 'POST',
          headers: { authorization: `Bearer ${acme.owner.token}`, 'content-type': 'text/csv' },
          body: 'a\n',
        })
      ).status,
    ).toBe(400);
  });
});

describe('CSV import of companies, leads and deals', () => {
  it('companies: same domain, else same name (case-insensitive), is a duplicate', async () => {
    const first = await importCsvAs(t, 'companies', 'Company,Domain\nAcme,acme.example\nGlobex,\n', acme.owner.token, 'mode=skip-invalid');
    expect(first.body.counts.created).toBe(2);
    const again = await importCsvAs(
      t,
      'companies',
      'name,domain,industry\nACME Holdings,ACME.example,x\nglobex,,y\nInitech,,z\n',
      acme.owner.token,
      'mode=skip-invalid',
    );
    expect(again.body.counts).toMatchObject({ rows: 3, duplicates: 2, skipped: 2, created: 1 });
  });

  it('leads: numbered like the API, enums forgiving of case; deals: pipeline and stage by name', async () => {
    const leads = await importCsvAs(
      t,
      'leads',
      'title,source,stage,value,email\nBig one,Website,Contacted,"1,200.50",x@y.example\nSmall,fax,new,,\n',
      acme.owner.token,
      'mode=skip-invalid',
    );
    expect(leads.body.counts).toMatchObject({ created: 1, invalid: 1 });
    expect(leads.body.errors[0]).toMatchObject({ line: 3, field: 'source' });
    const list = (await (await t.app.request('/api/leads', bearer(acme.owner.token))).json()) as {
      data: { number: string; value: number; stage: string }[];
    };
    expect(list.data[0]).toMatchObject({ number: 'LED-0001', value: 1200.5, stage: 'contacted' });
    const deals = await importCsvAs(
      t,
      'deals',
      'title,value,stage,company,owner\nRenewal,500,Proposal,Acme,' + acme.owner.email + '\nOdd,1,Nowhere,,\n',
      acme.owner.token,
      'mode=skip-invalid',
    );
    expect(deals.body.counts).toMatchObject({ created: 1, invalid: 1, companiesCreated: 1 });
    expect(deals.body.errors[0]).toMatchObject({ line: 3, field: 'stage' });
    const deal = (
      (await (await t.app.request('/api/deals', bearer(acme.owner.token))).json()) as {
        data: { value: number; ownerId: string; companyId: string | null }[];
      }
    ).data[0]!;
    expect(deal).toMatchObject({ value: 500, ownerId: acme.owner.id, companyId: expect.any(String) });
  });
});

describe('tenancy', () => {
  it("another tenant's email or company name is never a duplicate, and its rows are never touched", async () => {
    const other = await createTenant(t, 'other');
    await importCsvAs(
      t,
      'contacts',
      'firstName,lastName,email,company\nSam,Same,same@example.com,Shared Name Inc\n',
      other.owner.token,
      'mode=skip-invalid',
    );
    const otherContacts = () => t.raw.all('SELECT * FROM contacts WHERE tenant_id = ? ORDER BY id', other.tenantId);
    const otherBefore = await otherContacts();
    const mine = await importCsvAs(
      t,
      'contacts',
      'firstName,lastName,email,company,title\nSam,Mine,same@example.com,Shared Name Inc,New\n',
      acme.owner.token,
      'mode=skip-invalid&duplicates=update',
    );
    expect(mine.body.counts).toMatchObject({ created: 1, duplicates: 0, updated: 0, companiesCreated: 1 });
    const companies = await importCsvAs(t, 'companies', 'name\nshared name inc\n', acme.owner.token, 'mode=dry-run');
    expect(companies.body.counts.duplicates).toBe(1); // its own, just created: not the other tenant's
    expect(await otherContacts()).toEqual(otherBefore);
    const exported = await (await t.app.request('/api/export/contacts?format=csv', bearer(acme.owner.token))).text();
    expect(exported).toContain('Mine');
    expect(exported).not.toContain('Same,');
  });
});
