import { describe, expect, it } from 'vitest';
import { ROOT, runCli, startCli } from '../helpers/cli-process';

const child = `${ROOT}/test/helpers/log-child.ts`;
const lines = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);

/** The server's standard output is written once per event-loop turn (see platform/logger.ts); nothing may be held back. */
describe('standard-output logger', () => {
  it('writes a line from an idle process without waiting for more', async () => {
    const proc = startCli(child, ['quiet']);
    try {
      await proc.waitFor(/"msg":"quiet line"/, 20_000);
    } finally {
      await proc.stop();
    }
  });

  it('writes every pending line, redacted, when the process exits straight after logging', async () => {
    const { code, stdout } = await runCli(child, ['exit']);
    expect(code).toBe(3);
    const logged = lines(stdout);
    expect(logged.map((l) => l.msg)).toEqual(['first line', 'last words']);
    expect(logged[1]).toMatchObject({ level: 'error', name: 'log-child', password: '[redacted]' });
    expect(stdout).not.toContain('hunter2-secret');
  });

  it('writes a burst of lines logged in one turn, all of them and in order, when the process exits right after', async () => {
    const { code, stdout } = await runCli(child, ['burst']);
    expect(code).toBe(0);
    const numbers = lines(stdout).map((l) => l.i);
    expect(numbers).toHaveLength(20_000);
    expect(numbers.every((n, k) => n === k)).toBe(true);
  });
});
