/** tras-license show: one license, the instances that checked in, and its audit trail. */
import { Command } from 'commander';
import { addBackendOptions, withBackend, type BackendOptions } from '../backend';
import { licenseDetails, table, type LicenseJson } from '../format';
import { printJson, processIo, type CliIo } from '../io';

interface Instance {
  instanceId: string;
  firstSeenAt: string;
  lastSeenAt: string;
  version: string;
  activeUsers: number;
  tenants: number;
  lastStatus: string;
}
interface AuditEntry {
  at: string;
  actor: string;
  action: string;
  details: unknown;
}

export function makeShowCommand(io: CliIo = processIo): Command {
  const cmd = new Command('show')
    .description('Show a license, its instances and its audit trail.')
    .argument('<license-id>')
    .option('--json', 'print JSON', false);
  return addBackendOptions(cmd).action(async (id: string, opts: BackendOptions & { json: boolean }) => {
    const { license, instances } = await withBackend(opts, false, async (api) => ({
      license: await api.request<LicenseJson & { audit: AuditEntry[] }>('GET', `/v1/licenses/${encodeURIComponent(id)}`),
      instances: await api.request<{ data: Instance[] }>('GET', `/v1/licenses/${encodeURIComponent(id)}/instances`),
    }));
    if (opts.json) return printJson(io, { ...license, instances: instances.data });
    io.out(licenseDetails(license));
    io.out('\nInstances');
    io.out(
      instances.data.length
        ? table(
            ['INSTANCE', 'VERSION', 'USERS', 'TENANTS', 'FIRST SEEN', 'LAST SEEN', 'LAST STATUS'],
            instances.data.map((i) => [
              i.instanceId,
              i.version,
              String(i.activeUsers),
              String(i.tenants),
              i.firstSeenAt,
              i.lastSeenAt,
              i.lastStatus,
            ]),
          )
        : '(none has checked in)',
    );
    io.out('\nAudit');
    io.out(
      table(
        ['AT', 'ACTOR', 'ACTION', 'DETAILS'],
        license.audit.map((a) => [a.at, a.actor, a.action, JSON.stringify(a.details)]),
      ),
    );
  });
}
