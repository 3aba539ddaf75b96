import { Command, Option } from 'commander';
import { readFileSync } from 'node:fs';
import { LicenseValidator } from '../../server/license/license-validator';
import { LicenseKeyError } from '../../server/license/license-manager';
import { licenseReport, type LicenseReport } from '../../server/license/license-report';
import { CliError, EXIT } from '../exit-codes';
import { describeTerms, keyRefused } from '../license-errors';
import { configFrom, dataDirOption } from '../options';
import { createLogger } from '../../platform/logger';
import { licenseManagerOf } from '../../server/runtime';
import type { AppDeps } from '../../server/lib/context';
import { printJson, type CliEnv } from '../cli-env';

function statusLines(r: LicenseReport): string[] {
  const lines = [
    `Status:        ${r.status}${r.readOnly ? ' (read-only: reads and exports keep working)' : ''}`,
    ...(r.reason ? [`               ${r.reason}`] : []),
    `Instance id:   ${r.instanceId ?? '(none yet)'}`,
  ];
  if (r.licenseId) {
    lines.push(
      `License:       ${r.licenseId} for ${r.customer} (${r.tierName})`,
      `Users:         ${r.seats.used} of ${r.seats.licensed}`,
      `Tenants:       ${r.tenants.used} of ${r.tenants.licensed}`,
      `Features:      ${r.features.join(', ') || '(none)'}`,
      `Expires:       ${r.expiresAt ? `${r.expiresAt.slice(0, 10)} (${r.daysLeft} days)` : 'never (perpetual)'}`,
      `Validation:    ${r.policy?.mode === 'online' ? `online, every ${r.policy.checkIntervalDays} days, ${r.policy.graceDays} days' grace` : 'air-gapped'}`,
    );
    if (r.policy?.mode === 'online')
      lines.push(
        `Last check:    ${r.lastValidation.attemptedAt ?? 'never'}${r.lastValidation.result ? ` (${r.lastValidation.result}${r.lastValidation.reason ? `: ${r.lastValidation.reason}` : ''})` : ''}`,
        `Last good:     ${r.lastValidation.lastGoodAt ?? 'never'}${r.lastValidation.status ? ` (${r.lastValidation.status})` : ''}`,
      );
    if (r.readOnlyFrom && !r.readOnly) lines.push(`Read-only on:  ${r.readOnlyFrom.slice(0, 10)} unless renewed or validated`);
  }
  for (const w of r.warnings) lines.push(`Warning:       ${w}`);
  return lines;
}

const keyOption = () => new Option('--license-file <file>', 'read the key from a file');

/** The LicenseManager the runtime built (the CLI never replaces the gate). */
const licenseOf = (deps: AppDeps) => licenseManagerOf(deps)!;

/** A refused key as its own exit code (mistyped, not genuine, …), anything else as it is. */
async function refusedKeys<R>(fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof LicenseKeyError ? keyRefused(err) : err;
  }
}

export function makeLicenseCommand(env: CliEnv): Command {
  const license = new Command('license')
    .description('show, update and validate the license')
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla license status\n  trasealla license update --license-file new-key.txt\n  trasealla license validate\n  trasealla license import-renewal renewal.txt',
    );

  license
    .command('status')
    .description('the license in force: status, terms, seats and tenants used, validation, warnings')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla license status --data-dir /var/lib/trasealla\n  trasealla license status --json | jq .seats',
    )
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      const deps = await env.runtime(configFrom(o));
      const report = await licenseReport(deps.data.db('instance'), licenseOf(deps));
      if (o.json) printJson(env.io, report);
      else env.io.out(statusLines(report).join('\n'));
    });

  license
    .command('update')
    .description("activate a new key (a renewal, more seats); another customer's key needs --force")
    .argument('[key]', 'the TRAS-… key (or use --license-file, or env TRASEALLA_LICENSE_KEY)')
    .addOption(keyOption())
    .addOption(dataDirOption())
    .option('--force', 'replace a license issued to another customer (or with an older key)')
    .option('--json', 'print the result as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  trasealla license update TRAS-ENT-…\n  trasealla license update --license-file new-key.txt --data-dir /var/lib/trasealla',
    )
    .action(async (key: string | undefined, o: { dataDir?: string; licenseFile?: string; force?: boolean; json?: boolean }) => {
      const text = key ?? (o.licenseFile ? readFileSync(o.licenseFile, 'utf8') : process.env.TRASEALLA_LICENSE_KEY);
      if (!text) throw new CliError('Give the key as an argument, with --license-file, or in TRASEALLA_LICENSE_KEY.', 2);
      const license = licenseOf(await env.runtime(configFrom(o)));
      const result = await refusedKeys(() => license.activate(text, { force: o.force }));
      if (o.json) return printJson(env.io, { changed: result.changed, licenseId: result.terms.licenseId });
      env.io.out(
        [
          result.changed
            ? 'License updated. A running server picks it up within 10 seconds.'
            : 'Nothing to change: this key is already active.',
          ...describeTerms(result.terms),
        ].join('\n'),
      );
    });

  license
    .command('validate')
    .description('check the license with the Trasealla license service now (online licenses)')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  TRASEALLA_LICENSE_SERVER=https://license.trasealla.com trasealla license validate')
    .action(async (o: { dataDir?: string; json?: boolean }) => {
      const config = configFrom(o);
      const deps = await env.runtime(config);
      const license = licenseOf(deps);
      const validator = new LicenseValidator({
        db: deps.data.db('instance'),
        license,
        logger: createLogger({ level: 'silent' }),
        serverUrl: config.licenseServer,
        timeoutMs: config.licenseTimeoutMs,
      });
      const outcome = await validator.runOnce();
      const report = await licenseReport(deps.data.db('instance'), license);
      if (o.json)
        return printJson(env.io, {
          result: outcome.kind,
          ...(outcome.kind === 'verified' ? { status: outcome.status } : { reason: outcome.reason }),
          license: report,
        });
      if (outcome.kind === 'skipped') env.io.out(`No check made: ${outcome.reason}.`);
      else if (outcome.kind === 'unreachable')
        env.io.out(`The license service could not be used: ${outcome.reason}. The CRM keeps working through the grace period.`);
      else env.io.out(`The license service says: ${outcome.status}${outcome.message ? ` (${outcome.message})` : ''}.`);
      env.io.out(statusLines(report).join('\n'));
      // Everything is printed; the exit code says the service could not be used.
      if (outcome.kind === 'unreachable') throw new CliError('', EXIT.FAILURE);
    });

  license
    .command('import-renewal')
    .description('apply a signed renewal document (air-gapped licenses)')
    .argument('<file>', 'the renewal document from Trasealla')
    .addOption(dataDirOption())
    .option('--json', 'print as JSON')
    .addHelpText('after', '\nExample:\n  trasealla license import-renewal renewal-2027.txt --data-dir /var/lib/trasealla')
    .action(async (file: string, o: { dataDir?: string; json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        throw new CliError(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`);
      }
      const license = licenseOf(await env.runtime(configFrom(o)));
      const result = await refusedKeys(() => license.importRenewal(text));
      if (o.json) return printJson(env.io, { changed: result.changed, expiresAt: result.terms.expiresAt });
      env.io.out(
        [result.changed ? 'Renewal applied.' : 'Nothing to change: this renewal is already in force.', ...describeTerms(result.terms)].join(
          '\n',
        ),
      );
    });
  return license;
}
