/** tras-license list: licenses, newest first, with search and paging. */
import { Command, Option } from 'commander';
import { intArg, tierArg } from '../arguments';
import { addBackendOptions, withBackend, type BackendOptions } from '../backend';
import { table, type LicenseJson } from '../format';
import { printJson, processIo, type CliIo } from '../io';

interface ListOptions extends BackendOptions {
  search?: string;
  status?: string;
  tier?: string;
  limit: number;
  cursor?: string;
  json: boolean;
}

export function makeListCommand(io: CliIo = processIo): Command {
  const cmd = new Command('list')
    .description('List licenses (newest first).')
    .option('-q, --search <text>', 'match customer name or license id')
    .addOption(new Option('--status <status>', 'active, suspended or revoked').choices(['active', 'suspended', 'revoked']))
    .option('--tier <tier>', 'TRL, STR, PRO or ENT', tierArg)
    .option('--limit <n>', 'page size', intArg(1, 200), 50)
    .option('--cursor <cursor>', 'next page (printed after a full page)')
    .option('--json', 'print { data, nextCursor, total } as JSON', false);
  return addBackendOptions(cmd).action(async (opts: ListOptions) => {
    const params = new URLSearchParams({ limit: String(opts.limit) });
    if (opts.search) params.set('q', opts.search);
    if (opts.status) params.set('status', opts.status);
    if (opts.tier) params.set('tier', opts.tier);
    if (opts.cursor) params.set('cursor', opts.cursor);
    const page = await withBackend(opts, false, (api) =>
      api.request<{ data: LicenseJson[]; nextCursor: string | null; total: number }>('GET', `/v1/licenses?${params}`),
    );
    if (opts.json) return printJson(io, page);
    if (page.data.length === 0) return io.out('No licenses.');
    io.out(
      table(
        ['LICENSE', 'CUSTOMER', 'TIER', 'USERS', 'TENANTS', 'EXPIRES', 'STATUS'],
        page.data.map((l) => [
          l.id,
          l.customer,
          l.tier,
          String(l.maxUsers),
          String(l.maxTenants),
          l.expiresAt?.slice(0, 10) ?? 'perpetual',
          l.status,
        ]),
      ),
    );
    io.out(`${page.data.length} of ${page.total}${page.nextCursor ? `; next page: --cursor ${page.nextCursor}` : ''}`);
  });
}
