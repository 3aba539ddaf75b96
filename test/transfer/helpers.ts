import type { TestApp } from '../helpers/test-app';

export function csvRequest(csv: string, token: string): RequestInit {
  return { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: csv };
}

export interface Report {
  committed: boolean;
  counts: {
    rows: number;
    created: number;
    updated: number;
    skipped: number;
    duplicates: number;
    invalid: number;
    companiesCreated: number;
  };
  errors: { line: number; field?: string; message: string }[];
  rejectedCsv?: string;
  durationMs: number;
}

export async function importCsvAs(
  t: TestApp,
  entity: string,
  csv: string,
  token: string,
  query = '',
): Promise<{ status: number; body: Report & { error?: { code: string; details?: Report } } }> {
  const res = await t.app.request(`/api/import/${entity}?${query}`, csvRequest(csv, token));
  return { status: res.status, body: (await res.json()) as Report & { error?: { code: string; details?: Report } } };
}

export const countRows = async (t: TestApp, table: string, tenantId: string): Promise<number> =>
  (await t.raw.get<{ n: number }>(`SELECT count(*) AS n FROM "${table}" WHERE tenant_id = ? AND deleted_at IS NULL`, tenantId))!.n;
