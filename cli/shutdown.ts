import type { RunningServer } from '../server/main';

/** SIGTERM / SIGINT: drain, checkpoint, close; a second signal exits at once. */
export function closeOnSignals(server: RunningServer): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    server.deps.logger.info({ msg: 'shutting down', signal });
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
