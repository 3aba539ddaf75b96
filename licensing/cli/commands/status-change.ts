/** tras-license revoke, suspend and resume: one factory each over the same shape. */
import { Command } from 'commander';
import { addBackendOptions, withBackend, type BackendOptions } from '../backend';
import { licenseSummary, type LicenseJson } from '../format';
import { printJson, processIo, type CliIo } from '../io';

type Opts = BackendOptions & { json: boolean; reason?: string };

function statusCommand(
  name: 'revoke' | 'suspend' | 'resume',
  description: string,
  io: CliIo,
  reason: 'required' | 'optional' | 'none',
): Command {
  const cmd = new Command(name).description(description).argument('<license-id>').option('--json', 'print the license as JSON', false);
  if (reason === 'required') cmd.requiredOption('--reason <text>', 'why (kept in the audit log and shown to the instance)');
  if (reason === 'optional') cmd.option('--reason <text>', 'why (kept in the audit log)');
  return addBackendOptions(cmd).action(async (id: string, opts: Opts) => {
    const body = reason === 'none' ? {} : opts.reason ? { reason: opts.reason } : {};
    const license = await withBackend(opts, false, (api) =>
      api.request<LicenseJson>('POST', `/v1/licenses/${encodeURIComponent(id)}/${name}`, body),
    );
    if (opts.json) return printJson(io, license);
    io.out(licenseSummary(license));
  });
}

export const makeRevokeCommand = (io: CliIo = processIo) =>
  statusCommand('revoke', 'Revoke a license for good (online instances learn it at their next check).', io, 'required');
export const makeSuspendCommand = (io: CliIo = processIo) => statusCommand('suspend', 'Suspend a license until resumed.', io, 'optional');
export const makeResumeCommand = (io: CliIo = processIo) => statusCommand('resume', 'Resume a suspended license.', io, 'none');
