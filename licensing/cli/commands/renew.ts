/** tras-license renew: new expiry and terms; a new key, and a renewal document for air-gapped licenses. */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { FEATURES, LIMITS } from '../../key';
import { featuresArg, intArg, parseExpiry, policyArg, tierArg } from '../arguments';
import { addBackendOptions, withBackend, type BackendOptions } from '../backend';
import { licenseDetails, type LicenseJson } from '../format';
import { printJson, processIo, type CliIo } from '../io';

interface RenewOptions extends BackendOptions {
  expires: string;
  seats?: number;
  tenants?: number;
  tier?: string;
  features?: string[];
  policy?: 'online' | 'air-gapped';
  checkInterval: number;
  grace: number;
  renewalOut?: string;
  json: boolean;
}

export function makeRenewCommand(io: CliIo = processIo): Command {
  const cmd = new Command('renew')
    .description(
      'Renew a license: new expiry (and optionally new terms). Prints the new key; air-gapped licenses also get a renewal document.',
    )
    .argument('<license-id>')
    .requiredOption('--expires <when>', 'days from now, a date YYYY-MM-DD, or perpetual')
    .option('--seats <n>', 'new max users', intArg(1, LIMITS.maxUsers))
    .option('--tenants <n>', 'new max tenants', intArg(1, LIMITS.maxTenants))
    .option('--tier <tier>', 'new tier', tierArg)
    .option('--features <list>', `new features, comma-separated: ${FEATURES.join(', ')}`, featuresArg)
    .addOption(new Option('--policy <mode>', 'online or air-gapped').argParser(policyArg))
    .option('--check-interval <days>', 'with --policy online', intArg(1, LIMITS.intervalDays), 7)
    .option('--grace <days>', 'with --policy online', intArg(0, LIMITS.graceDays), 14)
    .option('--renewal-out <file>', 'write the renewal document (air-gapped) to this file')
    .option('--json', 'print { license, key, renewal } as JSON', false);
  return addBackendOptions(cmd).action(async (id: string, opts: RenewOptions) => {
    const body: Record<string, unknown> = { expiresAt: parseExpiry(opts.expires) };
    if (opts.seats !== undefined) body.maxUsers = opts.seats;
    if (opts.tenants !== undefined) body.maxTenants = opts.tenants;
    if (opts.tier !== undefined) body.tier = opts.tier;
    if (opts.features !== undefined) body.features = opts.features;
    if (opts.policy) {
      body.policy =
        opts.policy === 'online'
          ? { mode: 'online', checkIntervalDays: opts.checkInterval, graceDays: opts.grace }
          : { mode: 'air-gapped' };
    }
    const result = await withBackend(opts, true, (api) =>
      api.request<{ license: LicenseJson; key: string; renewal: string | null }>(
        'POST',
        `/v1/licenses/${encodeURIComponent(id)}/renew`,
        body,
      ),
    );
    if (opts.renewalOut && result.renewal) writeFileSync(opts.renewalOut, result.renewal);
    if (opts.json) return printJson(io, result);
    io.out(licenseDetails(result.license));
    if (result.renewal) io.out(opts.renewalOut ? `\nRenewal document written to ${opts.renewalOut}.` : `\n${result.renewal}`);
  });
}
