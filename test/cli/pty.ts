import { spawn } from 'node:child_process';
import { ROOT } from '../helpers/cli-process';

// eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Z0-9]|\x1b[=>]/g;

/**
 * Runs `trasealla` inside a real pseudo-terminal (python3's pty module, no npm package):
 * the program sees a TTY and prompts; the test types into it like a person.
 */
export function startInPty(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(
    'python3',
    ['-c', 'import pty,sys; sys.exit(pty.spawn(sys.argv[1:]) >> 8)', process.execPath, '--import', 'tsx', 'cli/main.ts', ...args],
    {
      cwd: ROOT,
      env: { ...process.env, TERM: 'xterm', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let raw = '';
  child.stdout.on('data', (d: Buffer) => (raw += d.toString()));
  child.stderr.on('data', (d: Buffer) => (raw += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const screen = () => raw.replace(ANSI, '');
  let seen = 0;
  return {
    screen,
    raw: () => raw,
    /** Waits until `pattern` appears after everything matched so far. */
    async expect(pattern: RegExp, timeoutMs = 20_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rest = screen().slice(seen);
        const m = pattern.exec(rest);
        if (m) {
          seen += m.index + m[0].length;
          return;
        }
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`did not see ${pattern} in:\n${screen()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    type(text: string) {
      child.stdin.write(text);
    },
    async exitCode(): Promise<number | null> {
      const code = await exited;
      return code;
    },
    close() {
      child.stdin.end();
    },
  };
}
