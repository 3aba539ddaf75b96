import pino from 'pino';
import { join } from 'node:path';
import { createLogger, type Logger } from '../../platform/logger';

export const DEMO_LOG_FILE = 'demo.log';

/** A JSON log line as pino writes it, down to the fields a person reads. */
function humanLine(line: string): string {
  try {
    const entry = JSON.parse(line) as { time?: string; level?: string; msg?: string; err?: { message?: string } };
    const time = entry.time?.slice(11, 19) ?? '';
    return `${time} ${String(entry.level ?? '').toUpperCase()} ${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}\n`;
  } catch {
    return line;
  }
}

/**
 * The demo's logger: every line, as the JSON `serve` prints, goes to <data dir>/demo.log, and
 * only warnings and errors reach the terminal, as short lines, so the printed login stays on
 * screen while the CRM is clicked through.
 */
export function demoLogger(dataDir: string, level: string): { logger: Logger; file: string } {
  const file = join(dataDir, DEMO_LOG_FILE);
  const terminal = { write: (line: string) => void process.stderr.write(humanLine(line)) };
  const destination = pino.multistream([
    { level: level as pino.Level, stream: pino.destination({ dest: file, sync: true, mode: 0o600 }) },
    { level: 'warn', stream: terminal },
  ]);
  return { logger: createLogger({ level }, destination), file };
}
