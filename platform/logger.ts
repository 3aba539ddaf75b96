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

/** A burst of lines within one turn still leaves in pieces of about this size. */
const MAX_BATCH_CHARS = 256 * 1024;

/**
 * Standard output, written at most once per turn of the event loop: a write per line cost more
 * CPU than the rest of a small request, while lines logged in one turn still leave at the end of
 * that turn, so a quiet server's lines appear at once. Writes are synchronous (as pino's own
 * default is), so nothing is ever half-written when the process exits, and the lines still
 * pending then are written before it does.
 */
function standardOutput(): DestinationStream {
  if (stdout) return stdout;
  const out = pino.destination({ dest: 1, sync: true });
  let pending: string[] = [];
  let pendingChars = 0;
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    pendingChars = 0;
    out.write(text);
  };
  process.once('exit', () => {
    try {
      flush();
    } catch {
      // Standard output is already closed: nowhere left to write to.
    }
  });
  stdout = {
    write(line: string) {
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars >= MAX_BATCH_CHARS) flush();
      else if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
  };
  return stdout;
}
