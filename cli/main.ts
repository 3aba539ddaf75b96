import { createCliEnv } from './cli-env';
import { runTrasealla } from './program';

// The real process: its terminal, inquirer's prompts, the runtime over the data directory.
// Not a top-level await: the single executable runs this bundled as CommonJS.
runTrasealla(process.argv.slice(2), createCliEnv()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`Error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
