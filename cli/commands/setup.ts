import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { defaultTrustedKeys, verifyKey, type LicenseTerms } from '../../licensing/key';
import { passwordProblem } from '../../server/lib/passwords';
import { LicenseKeyError } from '../../server/license/license-manager';
import { runSetup, SetupConflictError, type SetupInput } from '../../server/license/setup';
import { CliError, EXIT } from '../exit-codes';
import { describeTerms, keyRefused } from '../license-errors';
import { configFrom, dataDirOption, secretFrom } from '../options';
import { printJson, type CliEnv } from '../cli-env';
import { licenseManagerOf } from '../../server/runtime';

interface SetupOptions {
  dataDir?: string;
  nonInteractive?: boolean;
  licenseKey?: string;
  licenseFile?: string;
  company?: string;
  tenantSlug?: string;
  adminName?: string;
  adminEmail?: string;
  adminPasswordFile?: string;
  force?: boolean;
  yes?: boolean;
  json?: boolean;
}

/** Verifies offline, before anything is created, so a refused key leaves nothing behind. */
function checkKey(text: string): LicenseTerms {
  const verified = verifyKey(text, { trustedKeys: defaultTrustedKeys() });
  if (!verified.ok) throw keyRefused(new LicenseKeyError(verified.code, verified.message, verified.position));
  return verified.terms;
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`Cannot read the license file ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`);
  }
}

const required = (value: string | undefined, what: string, flag: string, env: string): string => {
  if (!value?.trim()) throw new CliError(`${what} is missing: pass ${flag} or set ${env}.`, EXIT.USAGE);
  return value;
};

function nonInteractiveInput(o: SetupOptions): SetupInput {
  const key = o.licenseKey ?? (o.licenseFile ? readKeyFile(o.licenseFile) : undefined);
  const password = secretFrom(o.adminPasswordFile, 'TRASEALLA_ADMIN_PASSWORD');
  return {
    licenseKey: required(key, 'The license key', '--license-key or --license-file', 'TRASEALLA_LICENSE_KEY'),
    company: required(o.company, 'The company name', '--company', 'TRASEALLA_COMPANY'),
    tenantSlug: o.tenantSlug,
    adminName: required(o.adminName, "The admin's name", '--admin-name', 'TRASEALLA_ADMIN_NAME'),
    adminEmail: required(o.adminEmail, "The admin's email", '--admin-email', 'TRASEALLA_ADMIN_EMAIL'),
    adminPassword: required(password, "The admin's password", '--admin-password-file', 'TRASEALLA_ADMIN_PASSWORD'),
    force: o.force,
  };
}

async function interactiveInput(env: CliEnv, o: SetupOptions): Promise<SetupInput> {
  const { input, confirm, password: passwordPrompt } = env.prompts;
  env.io.out('Trasealla CRM setup. Paste the license key Trasealla sent you (TRAS-…).');
  let key = o.licenseKey ?? (o.licenseFile ? readKeyFile(o.licenseFile) : undefined);
  let terms: LicenseTerms | undefined;
  while (!terms) {
    key ??= await input({ message: 'License key:' });
    try {
      terms = checkKey(key);
    } catch (err) {
      env.io.out((err as Error).message);
      key = undefined;
    }
  }
  env.io.out(['', 'This key grants:', ...describeTerms(terms), ''].join('\n'));
  if (!o.yes && !(await confirm({ message: 'Activate this license?', default: true })))
    throw new CliError('Setup cancelled; nothing was changed.');
  const company = o.company ?? (await input({ message: 'Company name:', validate: (v) => (v.trim() ? true : 'Required.') }));
  const adminName = o.adminName ?? (await input({ message: "Admin's full name:", validate: (v) => (v.trim() ? true : 'Required.') }));
  const adminEmail =
    o.adminEmail ??
    (await input({
      message: "Admin's email:",
      validate: (v) => (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.trim()) ? true : 'Not a valid email address.'),
    }));
  let adminPassword = secretFrom(o.adminPasswordFile, 'TRASEALLA_ADMIN_PASSWORD');
  while (!adminPassword) {
    const first = await passwordPrompt({
      message: 'Admin password:',
      mask: '*',
      validate: (v) => passwordProblem(v, adminEmail.trim().toLowerCase()) ?? true,
    });
    const second = await passwordPrompt({ message: 'Repeat the password:', mask: '*' });
    if (first === second) adminPassword = first;
    else env.io.out('The passwords do not match. Try again.');
  }
  return { licenseKey: key!, company, tenantSlug: o.tenantSlug, adminName, adminEmail, adminPassword, force: o.force };
}

export function makeSetupCommand(env: CliEnv): Command {
  return new Command('setup')
    .description('activate the license offline and create the first organisation and its owner (safe to re-run)')
    .addOption(dataDirOption())
    .option('--non-interactive', 'take everything from flags and environment variables; never prompt')
    .addOption(new Option('--license-key <key>', 'the TRAS-… license key').env('TRASEALLA_LICENSE_KEY'))
    .addOption(new Option('--license-file <file>', 'a file holding the license key'))
    .addOption(new Option('--company <name>', 'company (organisation) name').env('TRASEALLA_COMPANY'))
    .addOption(new Option('--tenant-slug <slug>', 'organisation slug (default: from the company name)').env('TRASEALLA_TENANT_SLUG'))
    .addOption(new Option('--admin-name <name>', "the owner's full name").env('TRASEALLA_ADMIN_NAME'))
    .addOption(new Option('--admin-email <email>', "the owner's email (their sign-in)").env('TRASEALLA_ADMIN_EMAIL'))
    .addOption(
      new Option('--admin-password-file <file>', "a file whose first line is the owner's password (or env TRASEALLA_ADMIN_PASSWORD)"),
    )
    .option('--force', 'replace a license issued to another customer (or with an older key)')
    .option('-y, --yes', 'do not ask to confirm the terms')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      `
Examples:
  trasealla setup                                   # asks for everything
  trasealla setup --non-interactive --data-dir /var/lib/trasealla \\
    --license-file /run/secrets/trasealla-license --company "Acme Health" \\
    --admin-name "Ana Ops" --admin-email ana@acme.example --admin-password-file /run/secrets/admin-password
  TRASEALLA_LICENSE_KEY=TRAS-ENT-… TRASEALLA_ADMIN_PASSWORD=… trasealla setup --non-interactive --company Acme --admin-name Ana --admin-email ana@acme.example

Needs no network. Re-running with the same inputs changes nothing; a newer key for the same
customer updates the license. The password is never taken from a flag value and never printed.`,
    )
    .action(async (o: SetupOptions) => {
      const config = configFrom(o);
      const interactive = !o.nonInteractive && env.io.interactive;
      const setupInput = interactive ? await interactiveInput(env, o) : nonInteractiveInput(o);
      checkKey(setupInput.licenseKey);
      const deps = await env.runtime(config, { mustExist: false });
      let outcome;
      try {
        outcome = await runSetup(deps, licenseManagerOf(deps)!, setupInput);
      } catch (err) {
        if (err instanceof LicenseKeyError) throw keyRefused(err);
        if (err instanceof SetupConflictError) throw new CliError(err.message);
        throw err;
      }
      if (o.json) return printJson(env.io, { ...outcome, terms: { ...outcome.terms } });
      const changed = outcome.licenseChanged || outcome.tenant.created;
      env.io.out(
        [
          changed ? 'Trasealla CRM is set up.' : 'Nothing to change: this instance is already set up with this license.',
          `  License:       ${outcome.terms.licenseId} for ${outcome.terms.customer}${outcome.licenseChanged ? ' (activated)' : ''}`,
          `  Instance id:   ${outcome.instanceId}`,
          `  Organisation:  ${outcome.tenant.name} (tenant ${outcome.tenant.slug})${outcome.tenant.created ? ' (created)' : ''}`,
          `  Owner:         ${outcome.owner.email}${outcome.owner.created ? ' (created; owner and instance operator)' : ''}`,
          `  Data:          ${config.dataDir}`,
          changed ? `Start the server: trasealla serve --data-dir ${config.dataDir}` : '',
        ]
          .filter(Boolean)
          .join('\n'),
      );
    });
}
