import pino, { type Logger, type DestinationStream } from 'pino';

/**
 * The one logger: structured JSON lines. Secrets are redacted by path as a
 * second line of defence; the first is never passing them to the logger.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'secret',
  '*.secret',
  'privateKey',
  '*.privateKey',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
];

export type { Logger };

export function createLogger(options: { level?: string; name?: string } = {}, destination?: DestinationStream): Logger {
  return pino(
    {
      name: options.name ?? 'trasealla',
      level: options.level ?? 'info',
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination ?? standardOutput(),
  );
}

let stdout: DestinationStream | undefined;

/**
 * Standard output, written asynchronously and at most once per turn of the event loop: a write
 * per line (the thread-pool hand-off and the system call) cost more CPU than the rest of a small
 * request, while lines written in one turn still leave in that turn, so a quiet server's lines
 * appear at once. Whatever is pending when the process exits is written synchronously.
 */
function standardOutput(): DestinationStream {
  if (stdout) return stdout;
  const out = pino.destination({ dest: 1, sync: false });
  let pending: string[] = [];
  const flush = () => {
    const text = pending.join('');
    pending = [];
    out.write(text);
  };
  process.once('exit', () => {
    if (pending.length === 0) return;
    try {
      flush();
      out.flushSync();
    } catch {
      // Standard output is already closed: nowhere left to write to.
    }
  });
  stdout = {
    write(line: string) {
      if (pending.push(line) === 1) setImmediate(flush);
    },
  };
  return stdout;
}
