/** tras-license issue: a new license and its key. */
import { Command, Option } from 'commander';
import { FEATURES, LIMITS } from '../../key';
import { dateArg, featuresArg, intArg, parseExpiry, policyArg, tierArg } from '../arguments';
import { addBackendOptions, withBackend, type BackendOptions } from '../backend';
import { licenseDetails, type LicenseJson } from '../format';
import { printJson, processIo, type CliIo } from '../io';

interface IssueOptions extends BackendOptions {
  customer: string;
  tier: string;
  seats: number;
  tenants: number;
  features: string[];
  expires: string;
  notBefore?: string;
  policy: 'online' | 'air-gapped';
  checkInterval: number;
  grace: number;
  instance?: string;
  json: boolean;
}

export function makeIssueCommand(io: CliIo = processIo): Command {
  const cmd = new Command('issue')
    .description('Issue a license and print its key.')
    .requiredOption('--customer <name>', `customer name (at most ${LIMITS.customerBytes} bytes)`)
    .requiredOption('--tier <tier>', 'TRL, STR, PRO or ENT', tierArg)
    .requiredOption('--seats <n>', 'max active users', intArg(1, LIMITS.maxUsers))
    .option('--tenants <n>', 'max tenants', intArg(1, LIMITS.maxTenants), 1)
    .option('--features <list>', `comma-separated: ${FEATURES.join(', ')}`, featuresArg, [])
    .requiredOption('--expires <when>', 'days from now, a date YYYY-MM-DD, or perpetual')
    .option('--not-before <date>', 'valid from (YYYY-MM-DD)', dateArg)
    .addOption(new Option('--policy <mode>', 'online or air-gapped').argParser(policyArg).default('online'))
    .option('--check-interval <days>', 'online: days between checks', intArg(1, LIMITS.intervalDays), 7)
    .option('--grace <days>', 'online: days of grace when the service cannot be reached', intArg(0, LIMITS.graceDays), 14)
    .option('--instance <id>', 'bind the key to one CRM instance id')
    .option('--json', 'print the license as JSON', false);
  return addBackendOptions(cmd).action(async (opts: IssueOptions) => {
    const expiresAt = parseExpiry(opts.expires);
    const license = await withBackend(opts, true, (api) =>
      api.request<LicenseJson>('POST', '/v1/licenses', {
        customer: opts.customer,
        tier: opts.tier,
        maxUsers: opts.seats,
        maxTenants: opts.tenants,
        features: opts.features,
        expiresAt,
        ...(opts.notBefore ? { notBefore: opts.notBefore } : {}),
        policy:
          opts.policy === 'online'
            ? { mode: 'online', checkIntervalDays: opts.checkInterval, graceDays: opts.grace }
            : { mode: 'air-gapped' },
        ...(opts.instance ? { instanceId: opts.instance } : {}),
      }),
    );
    if (opts.json) return printJson(io, license);
    io.out(licenseDetails(license));
  });
}
