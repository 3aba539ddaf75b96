import type { RequestContext } from '../../lib/context';
import { licenseReport } from '../../license/license-report';
import { LicenseManager } from '../../license/license-manager';

/** GET /api/license for any signed-in role. A test gate (no LicenseManager) reports itself as unmanaged. */
export async function getLicense(ctx: RequestContext) {
  const license = ctx.deps.license;
  if (!(license instanceof LicenseManager)) return null;
  return licenseReport(ctx.deps.data.db('instance'), license);
}
