/** tras-license token: a new operator token and the hash the service is configured with. */
import { Command } from 'commander';
import { generateOperatorToken, hashOperatorToken } from '../../service/operator-token';
import { printJson, processIo, type CliIo } from '../io';

export function makeTokenCommand(io: CliIo = processIo): Command {
  return new Command('token')
    .description(
      'Generate an operator token. Give the service only its hash (LICENSE_OPERATOR_TOKEN_HASH); keep the token for tras-license --token.',
    )
    .option('--json', 'print JSON', false)
    .action((opts: { json: boolean }) => {
      const token = generateOperatorToken();
      const hash = hashOperatorToken(token);
      if (opts.json) return printJson(io, { token, hash });
      io.out(
        `Operator token (shown once; store it in your password manager):\n  ${token}\n\nFor the service:\n  LICENSE_OPERATOR_TOKEN_HASH=${hash}`,
      );
    });
}
