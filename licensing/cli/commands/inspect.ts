/** tras-license inspect: what a key says, and whether this build would accept it. */
import { Command } from 'commander';
import { decodeKeyUnverified, defaultTrustedKeys, termsToJson, verifyKey } from '../../key';
import { CliError, EXIT } from '../exit-codes';
import { printJson, processIo, type CliIo } from '../io';

export function makeInspectCommand(io: CliIo = processIo): Command {
  return new Command('inspect')
    .description("Decode a key and verify it against this build's trusted keys.")
    .argument('<key>', 'the key text (quote it)')
    .option('--json', 'print JSON', false)
    .action((key: string, opts: { json: boolean }) => {
      const verified = verifyKey(key, { trustedKeys: defaultTrustedKeys() });
      const decoded = verified.ok ? verified : decodeKeyUnverified(key);
      const terms = decoded.ok ? termsToJson(decoded.terms) : null;
      const verdict = verified.ok ? { ok: true as const } : { ok: false as const, code: verified.code, message: verified.message };
      if (opts.json) printJson(io, { verdict, terms });
      else {
        io.out(verified.ok ? 'Valid key.' : `Refused (${verified.code}): ${verified.message}`);
        if (terms) io.out(JSON.stringify(terms, null, 2));
      }
      if (!verified.ok) throw new CliError('', verified.code === 'malformed' || verified.code === 'checksum' ? EXIT.USAGE : EXIT.CONFLICT);
    });
}
