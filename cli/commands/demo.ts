import { Command, Option } from 'commander';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ensureWebBuilt } from '../../build/web-build';
import { builtInWebDir } from '../../server/config';
import { startServer } from '../../server/main';
import type { AppDeps } from '../../server/lib/context';
import { developmentKey } from '../../server/license/dev-license';
import { runSetup } from '../../server/license/setup';
import { WARNING_DAYS } from '../../server/license/license-state';
import { ensureDataDir, licenseManagerOf } from '../../server/runtime';
import { findTenantForOperator } from '../../server/modules/admin-tenants/admin-tenants.service';
import { commandLineOperator } from '../../server/modules/system/actor-context';
import type { CliEnv, CliIo } from '../cli-env';
import { demoLogger } from '../demo/demo-logger';
import { seedSampleData } from '../demo/sample-data';
import { configFrom, dataDirOption, portOption } from '../options';
import { serveUntilSignalled } from '../shutdown';

const DEMO = { slug: 'demo', name: 'Demo Company', email: 'demo@example.com', ownerName: 'Demo Owner' };
const CREDENTIALS_FILE = 'demo-login.json';
const DAY_MS = 86_400_000;
/** Longer than the license's loudest warning window, so the demo never warns about its own expiry. */
const TRIAL_DAYS = 90;
const RENEW_BELOW_DAYS = WARNING_DAYS[0] + 15;

interface DemoLogin {
  role: string;
  name: string;
  email: string;
  password: string;
}

interface SavedLogins {
  email: string;
  password: string;
  /** The sample data's other people (absent for --empty and for demos from before it existed). */
  people?: DemoLogin[];
}

/** A development-signed trial key (only non-production builds trust it), renewed well before it would warn. */
function demoKey(deps: AppDeps): string | undefined {
  const terms = licenseManagerOf(deps)?.terms();
  const now = deps.clock.now().getTime();
  if (terms && terms.customer !== DEMO.name) return undefined; // a real license: leave it alone
  if (terms?.customer === DEMO.name && terms.expiresAt && terms.expiresAt.getTime() - now > RENEW_BELOW_DAYS * DAY_MS) return undefined;
  return developmentKey({
    customer: DEMO.name,
    tier: 'TRL',
    maxUsers: 25,
    maxTenants: 3,
    expiresAt: new Date(Math.floor((now + TRIAL_DAYS * DAY_MS) / 1000) * 1000),
  });
}

/**
 * The demo tenant, its owner and (unless --empty) the sample data, created on first run through
 * the setup code and the services; later runs reuse them and print the same logins.
 */
async function ensureDemoTenant(deps: AppDeps, empty: boolean): Promise<SavedLogins & { created: boolean }> {
  const license = licenseManagerOf(deps)!;
  const key = demoKey(deps);
  if (key) await license.activate(key);
  const file = join(deps.config.dataDir, CREDENTIALS_FILE);
  const existing = await findTenantForOperator(commandLineOperator(deps), DEMO.slug, { includeDeleted: true });
  if (existing && existsSync(file)) return { ...(JSON.parse(readFileSync(file, 'utf8')) as SavedLogins), created: false };
  if (existing) throw new Error(`The data directory has a "demo" tenant but no ${CREDENTIALS_FILE}. Use another --data-dir for the demo.`);
  const password = `crm-${randomBytes(6).toString('hex')}`;
  const outcome = await runSetup(deps, license, {
    licenseKey: license.keyText()!,
    company: DEMO.name,
    tenantSlug: DEMO.slug,
    adminName: DEMO.ownerName,
    adminEmail: DEMO.email,
    adminPassword: password,
  });
  const people = empty ? [] : (await seedSampleData(deps, outcome.tenant.id, outcome.owner.id)).people;
  const saved: SavedLogins = { email: DEMO.email, password, people };
  // Demo data only: a real instance never writes a password anywhere.
  writeFileSync(file, JSON.stringify(saved, null, 2) + '\n', { mode: 0o600 });
  return { ...saved, created: true };
}

/** From a source checkout, web/dist is built when missing or older than web/src (the executable has its UI inside). */
function buildWebUi(io: CliIo, webDir: string | undefined): void {
  const checkoutUi = builtInWebDir();
  if (!webDir || webDir !== checkoutUi) return;
  const result = ensureWebBuilt(dirname(dirname(checkoutUi)), (line) => io.err(line));
  if (result.status === 'built') io.err(`Web UI built in ${(result.ms / 1000).toFixed(1)} s.`);
}

export function makeDemoCommand(env: CliEnv): Command {
  return new Command('demo')
    .description('start a ready-to-use demo CRM: a demo tenant with sample data, its logins printed (made on first run, reused after)')
    .addOption(dataDirOption())
    .addOption(portOption())
    .addOption(
      new Option(
        '--host <address>',
        'address to listen on (env HOST; default 127.0.0.1, this machine only: 0.0.0.0 shows the demo to the network)',
      ),
    )
    .option('--empty', 'create the demo tenant without sample data (first run only)')
    .addHelpText(
      'after',
      '\nThe demo listens on http://127.0.0.1:3000 unless --host/HOST or --port/PORT say otherwise. Logs go to <data dir>/demo.log; warnings also to the terminal.\n\nExamples:\n  npm run demo\n  npm run demo -- --data-dir /tmp/crm-demo --port 3100\n  npm run demo -- --empty --data-dir /tmp/crm-empty',
    )
    .action(async (options: { dataDir?: string; port?: string; host?: string; empty?: boolean }) => {
      const config = configFrom({ ...options, host: options.host ?? process.env.HOST ?? '127.0.0.1' });
      buildWebUi(env.io, config.webDir);
      ensureDataDir(config.dataDir);
      const { logger, file: logFile } = demoLogger(config.dataDir, config.logLevel);
      let login: (SavedLogins & { created: boolean }) | undefined;
      const server = await serveUntilSignalled(() =>
        startServer(config, {
          logger,
          prepare: async (deps) => void (login = await ensureDemoTenant(deps, options.empty === true)),
        }),
      );
      const other = login!.people?.find((p) => p.role === 'member') ?? login!.people?.[0];
      const lines = [
        '',
        `Trasealla CRM demo is running${login!.created ? ' (demo tenant created)' : ''}.`,
        `  URL:       ${server.url}`,
        `  API docs:  ${server.url}/api/docs`,
        `  Tenant:    ${DEMO.slug}`,
        `  Email:     ${login!.email}`,
        `  Password:  ${login!.password}`,
        ...(other ? [`  Also:      ${other.email} / ${other.password} (${other.role}: ${other.name})`] : []),
        `  Data:      ${config.dataDir}`,
        `  Log:       ${logFile}`,
        ...(login!.people?.length ? [`Every demo login is in ${join(config.dataDir, CREDENTIALS_FILE)}.`] : []),
        'Press Ctrl+C to stop.',
        '',
      ];
      env.io.out(lines.join('\n') + '\n');
    });
}
