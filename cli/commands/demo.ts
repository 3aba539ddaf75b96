import { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findTenantBySlug } from '../../server/data/instance';
import { startServer } from '../../server/main';
import type { AppDeps } from '../../server/lib/context';
import { developmentKey } from '../../server/license/dev-license';
import { runSetup } from '../../server/license/setup';
import { licenseManagerOf } from '../../server/runtime';
import { configFrom, dataDirOption, hostOption, portOption } from '../options';
import { closeOnSignals } from '../shutdown';

const DEMO = { slug: 'demo', name: 'Demo Company', email: 'demo@example.com', ownerName: 'Demo Owner' };
const CREDENTIALS_FILE = 'demo-login.json';

const TRIAL_DAYS = 30;
const DAY_MS = 86_400_000;

/** A development-signed trial key (only non-production builds trust it), renewed when under a week is left. */
function demoKey(deps: AppDeps): string | undefined {
  const terms = licenseManagerOf(deps)?.terms();
  const now = deps.clock.now().getTime();
  if (terms && terms.customer !== DEMO.name) return undefined; // a real license: leave it alone
  if (terms?.customer === DEMO.name && terms.expiresAt && terms.expiresAt.getTime() - now > 7 * DAY_MS) return undefined;
  return developmentKey({ customer: DEMO.name, tier: 'TRL', maxUsers: 25, maxTenants: 3, expiresAt: new Date(Math.floor((now + TRIAL_DAYS * DAY_MS) / 1000) * 1000) });
}

/** The demo tenant and its owner, created on first run through the setup code; later runs reuse them and print the same login. */
async function ensureDemoTenant(deps: AppDeps): Promise<{ email: string; password: string; created: boolean }> {
  const license = licenseManagerOf(deps)!;
  const key = demoKey(deps);
  if (key) license.activate(key);
  const file = join(deps.config.dataDir, CREDENTIALS_FILE);
  if (findTenantBySlug(deps.database.db, DEMO.slug) && existsSync(file)) {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { email: string; password: string };
    return { ...saved, created: false };
  }
  if (findTenantBySlug(deps.database.db, DEMO.slug)) {
    throw new Error(`The data directory has a "demo" tenant but no ${CREDENTIALS_FILE}. Use another --data-dir for the demo.`);
  }
  const password = `crm-${randomBytes(6).toString('hex')}`;
  await runSetup(deps, license, {
    licenseKey: license.keyText()!,
    company: DEMO.name,
    tenantSlug: DEMO.slug,
    adminName: DEMO.ownerName,
    adminEmail: DEMO.email,
    adminPassword: password,
  });
  // Demo data only: a real instance never writes a password anywhere.
  writeFileSync(file, JSON.stringify({ email: DEMO.email, password }) + '\n', { mode: 0o600 });
  return { email: DEMO.email, password, created: true };
}

export function makeDemoCommand(): Command {
  return new Command('demo')
    .description('start a ready-to-use demo CRM (creates or reuses a demo tenant and prints its login)')
    .addOption(dataDirOption())
    .addOption(portOption())
    .addOption(hostOption())
    .addHelpText('after', '\nExamples:\n  npm run demo\n  npm run demo -- --data-dir /tmp/crm-demo --port 3100')
    .action(async (options: { dataDir?: string; port?: string; host?: string }) => {
      const config = configFrom({ host: '127.0.0.1', ...options });
      const server = await startServer(config, {});
      closeOnSignals(server);
      const login = await ensureDemoTenant(server.deps);
      const lines = [
        '',
        `Trasealla CRM demo is running${login.created ? ' (demo tenant created)' : ''}.`,
        `  URL:       ${server.url}`,
        `  API docs:  ${server.url}/api/docs`,
        `  Tenant:    ${DEMO.slug}`,
        `  Email:     ${login.email}`,
        `  Password:  ${login.password}`,
        `  Data:      ${config.dataDir}`,
        'Press Ctrl+C to stop.',
        '',
      ];
      process.stderr.write(lines.join('\n') + '\n');
    });
}
