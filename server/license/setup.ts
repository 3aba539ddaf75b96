import { eq } from 'drizzle-orm';
import { findTenantById, findTenantBySlug } from '../data/instance';
import { TenantScope } from '../data/tenant-scope';
import { users } from '../db/schema';
import type { AppDeps } from '../lib/context';
import { validationFailed } from '../../platform/errors';
import { passwordProblem } from '../lib/passwords';
import { email as emailSchema, singleLine, slug as slugSchema } from '../lib/schemas';
import { provisionTenant } from '../modules/admin-tenants/tenant-provisioning';
import type { LicenseTerms } from '../../licensing/key';
import type { LicenseManager } from './license-manager';
import { readSetting, SETTING, writeSetting } from './license-store';

export interface SetupInput {
  licenseKey: string;
  company: string;
  /** Derived from the company name when absent. */
  tenantSlug?: string | undefined;
  adminName: string;
  adminEmail: string;
  adminPassword: string;
  /** Replace a license for another customer (or an older key). */
  force?: boolean | undefined;
}

export interface SetupOutcome {
  instanceId: string;
  terms: LicenseTerms;
  licenseChanged: boolean;
  tenant: { id: string; slug: string; name: string; created: boolean };
  owner: { id: string; email: string; created: boolean };
}

/** "Acme Health GmbH" → "acme-health-gmbh": the tenant slug setup uses unless given one. */
export function slugFromCompany(company: string): string {
  const slug = company
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug.length >= 2 ? slug : 'main';
}

export class SetupConflictError extends Error {
  override name = 'SetupConflictError';
}

/**
 * Activation as `trasealla setup` does it, shared with the demo and the tests: the key first
 * (offline), then the organisation and its owner (owner role, instance operator). Running it
 * again with the same inputs changes nothing; a newer key for the same customer updates the
 * license and leaves the organisation alone.
 */
export async function runSetup(deps: AppDeps, license: LicenseManager, input: SetupInput): Promise<SetupOutcome> {
  const email = input.adminEmail.trim().toLowerCase();
  const slug = input.tenantSlug?.trim() || slugFromCompany(input.company);
  const problems = [
    ['company', singleLine(120).safeParse(input.company)],
    ['admin name', singleLine(120).safeParse(input.adminName)],
    ['admin email', emailSchema().safeParse(email)],
    ['tenant slug', slugSchema().safeParse(slug)],
  ] as const;
  const fields = problems.flatMap(([path, r]) => (r.success ? [] : [{ path, message: r.error.issues[0]?.message ?? 'Not valid.' }]));
  if (fields.length > 0) throw validationFailed(fields, 'Some setup answers are not valid.');
  const db = deps.data.db('instance');
  const existingId = await readSetting(db, SETTING.setupTenant);
  const existing = existingId ? await findTenantById(db, existingId) : undefined;
  if (existing && existing.slug !== slug)
    throw new SetupConflictError(
      `This instance was already set up for "${existing.name}" (tenant ${existing.slug}). Add more organisations with "trasealla tenant create".`,
    );
  if (!existing) {
    const problem = passwordProblem(input.adminPassword, email);
    if (problem) throw validationFailed([{ path: 'admin password', message: problem }], 'The admin password is too weak.');
    if (await findTenantBySlug(db, slug))
      throw new SetupConflictError(`An organisation with the slug "${slug}" already exists. Choose another with --tenant-slug.`);
  }

  const activation = await license.activate(input.licenseKey, { force: input.force });
  const instanceId = await license.ensureInstanceId();

  if (existing) {
    const scope = new TenantScope(deps.data, existing.id, { type: 'system', id: null, role: 'owner' }, 'setup', deps.clock);
    const owner = (
      await scope.list(users, {
        where: eq(users.email, email),
        sort: { key: 'createdAt', column: users.createdAt, direction: 'asc' },
        limit: 1,
      })
    ).data[0];
    if (!owner)
      throw new SetupConflictError(
        `"${existing.name}" has no user ${email}. Add people with "trasealla user create --tenant ${existing.slug}".`,
      );
    return {
      instanceId,
      terms: activation.terms,
      licenseChanged: activation.changed,
      tenant: { id: existing.id, slug: existing.slug, name: existing.name, created: false },
      owner: { id: owner.id, email: owner.email, created: false },
    };
  }
  const { tenant, owner } = await provisionTenant(
    deps,
    { slug, name: input.company.trim(), owner: { email, name: input.adminName.trim(), password: input.adminPassword, isOperator: true } },
    { type: 'system', id: null },
    'setup',
  );
  await writeSetting(db, SETTING.setupTenant, tenant.id, deps.clock.now());
  return {
    instanceId,
    terms: activation.terms,
    licenseChanged: activation.changed,
    tenant: { id: tenant.id, slug: tenant.slug, name: tenant.name, created: true },
    owner: { id: owner.id, email: owner.email, created: true },
  };
}
