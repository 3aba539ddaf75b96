import { createCliEnv, type CliPrompts } from '../../cli/cli-env';
import { runTrasealla } from '../../cli/program';
import type { RuntimeOverrides } from '../../server/runtime';

export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON. */
  json(): any;
}

const noPrompts: CliPrompts = {
  input: () => Promise.reject(new Error('no prompt expected')),
  confirm: () => Promise.reject(new Error('no prompt expected')),
  password: () => Promise.reject(new Error('no prompt expected')),
};

/**
 * One `trasealla` invocation in this process: the same program, services and exit codes as the
 * binary, its output captured. Not a terminal unless `prompts` answers the questions.
 */
export async function trasealla(
  args: string[],
  options: { prompts?: Partial<CliPrompts>; runtime?: RuntimeOverrides } = {},
): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const env = createCliEnv({
    io: { out: (text) => void (stdout += line(text)), err: (text) => void (stderr += line(text)), interactive: Boolean(options.prompts) },
    prompts: { ...noPrompts, ...options.prompts },
    ...(options.runtime ? { runtime: options.runtime } : {}),
  });
  const code = await runTrasealla(args, env);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}
