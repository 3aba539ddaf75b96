import { describe, expect, it } from 'vitest';
// Only the runtime and provisioning itself: nothing else of the app is imported, so a step that
// registered itself from some other module at import time would be missing here.
import { PROVISIONING_STEPS, provisionTenant } from '../../server/modules/admin-tenants/tenant-provisioning';
import { loadConfig } from '../../server/config';
import { createRuntime } from '../../server/runtime';
import { createLogger } from '../../platform/logger';
import { fixedClock } from '../../platform/clock';
import { type LicenseManager } from '../../server/license/license-manager';
import { developmentKey } from '../../server/license/dev-license';
import { tempDir } from '../helpers/temp-dir';

describe('tenant provisioning', () => {
  it('runs its explicit steps, whatever was imported: a new tenant has its default pipeline', async () => {
    expect(PROVISIONING_STEPS.map((s) => s.name)).toEqual(['the default Sales pipeline']);
    const deps = await createRuntime(loadConfig({ dataDir: tempDir() }, {}), {
      logger: createLogger({ level: 'silent' }),
      clock: fixedClock(new Date('2026-11-25T09:00:00.000Z')),
    });
    try {
      await (deps.license as LicenseManager).activate(
        developmentKey({ customer: 'Provisioning', tier: 'ENT', maxUsers: 10, maxTenants: 10 }),
      );
      const { tenant } = await provisionTenant(
        deps,
        { slug: 'acme', name: 'Acme', owner: { email: 'ana@acme.example', name: 'Ana', password: 'Sturdy-Ops-Pass-42' } },
        { type: 'system', id: null },
      );
      const rows = deps
        .database!.sqlite.prepare(
          'SELECT p.name, count(s.id) AS stages FROM pipelines p JOIN pipeline_stages s ON s.pipeline_id = p.id WHERE p.tenant_id = ? GROUP BY p.id',
        )
        .all(tenant.id);
      expect(rows).toEqual([{ name: 'Sales', stages: 6 }]);
    } finally {
      deps.database!.close();
    }
  });
});
