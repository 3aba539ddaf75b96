/*
 * PostgreSQL's second line of defence: row-level security on every tenant table, so that even a
 * query written without the tenant filter cannot read or write another tenant's rows. The data
 * layer sets the caller's tenant per transaction (SET LOCAL trasealla.tenant_id); the few
 * instance-level paths (sign-in before the tenant is known, operators, migrations) say so with
 * trasealla.instance = 'on'. A connection that set neither sees no tenant rows at all.
 *
 * The policies hold for the tables' owner too (FORCE), so the one role the server connects
 * with is bound by them; a superuser is not, which is why the server must not connect as one.
 */

export const TENANT_SETTING = 'trasealla.tenant_id';
export const INSTANCE_SETTING = 'trasealla.instance';

/** The column holding the tenant's id: tenant_id, or id for the tenants table itself. */
export const tenantColumnOf = (table: string) => (table === 'tenants' ? 'id' : 'tenant_id');

/** The statements that put a table under the policy (generated into the migration that creates it). */
export function rowLevelSecurity(table: string): string[] {
  const allowed = `("${tenantColumnOf(table)}" = current_setting('${TENANT_SETTING}', true) OR current_setting('${INSTANCE_SETTING}', true) = 'on')`;
  return [
    `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY "${table}_tenant_isolation" ON "${table}" USING ${allowed} WITH CHECK ${allowed}`,
  ];
}
