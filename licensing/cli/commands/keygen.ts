/** tras-license keygen: a new Ed25519 signing key pair; the private half to a 0600 file. */
import { Command, Option } from 'commander';
import { resolve } from 'node:path';
import { bytesToHex, generateSigningKeyPair } from '../../key';
import { SigningKeyError, writeSigningKeyFile } from '../../service/signing-key-file';
import { CliError, EXIT } from '../exit-codes';
import { printJson, processIo, type CliIo } from '../io';

export function makeKeygenCommand(io: CliIo = processIo): Command {
  return new Command('keygen')
    .description('Create a signing key pair: the private key goes to a file (mode 0600), the public key and key id are printed.')
    .addOption(
      new Option('--out <file>', 'where to write the private key').env('TRAS_LICENSE_KEY_FILE').default('./tras-license-signing-key.json'),
    )
    .option('--force', 'overwrite an existing key file (the old key is lost)', false)
    .option('--json', 'print JSON', false)
    .action((opts: { out: string; force: boolean; json: boolean }) => {
      const pair = generateSigningKeyPair();
      const file = resolve(opts.out);
      try {
        writeSigningKeyFile(file, pair, opts.force);
      } catch (e) {
        if (e instanceof SigningKeyError) throw new CliError(e.message, EXIT.CONFLICT);
        throw e;
      }
      const publicKey = bytesToHex(pair.publicKey);
      if (opts.json) return printJson(io, { keyId: pair.keyId, publicKey, privateKeyFile: file });
      io.out(
        [
          `Private key written to ${file} (mode 0600). Keep it secret; never commit it.`,
          `Key id:     ${pair.keyId}`,
          `Public key: ${publicKey}`,
          '',
          'For a build to trust keys signed with it, add to licensing/key/production-keys.ts:',
          `  ${pair.keyId}: '${publicKey}',`,
        ].join('\n'),
      );
    });
}
