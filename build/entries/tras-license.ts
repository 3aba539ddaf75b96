/** Entry of the `tras-license` single executable: licensing/cli.ts runs itself only when started by path. */
import { runCli } from '../../licensing/cli';

void runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
