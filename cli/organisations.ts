import type { AppDeps, RequestContext } from '../server/lib/context';
import { findTenantForOperator } from '../server/modules/admin-tenants/admin-tenants.service';
import { commandLineContext, commandLineOperator } from '../server/modules/system/actor-context';
import { CliError } from './exit-codes';

/** The organisation with this slug (suspended ones too), or a sentence that says how to find the right one. */
export async function organisationBySlug(deps: AppDeps, slug: string) {
  const tenant = await findTenantForOperator(commandLineOperator(deps), slug);
  if (!tenant) throw new CliError(`There is no organisation "${slug}". See "trasealla tenant list".`);
  return tenant;
}

/** The operator at the command line acting inside the organisation `slug`, with its owner's rights. */
export async function insideOrganisation(deps: AppDeps, slug: string): Promise<RequestContext> {
  return commandLineContext(deps, (await organisationBySlug(deps, slug)).id);
}
