import { createCliEnv } from './cli-env';
import { runTrasealla } from './program';

// The real process: its terminal, inquirer's prompts, the runtime over the data directory.
// Not a top-level await: the single executable runs this bundled as CommonJS.
void runTrasealla(process.argv.slice(2), createCliEnv()).then((code) => {
  process.exitCode = code;
});
