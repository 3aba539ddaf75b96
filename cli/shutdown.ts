import type { RunningServer } from '../server/main';

/**
 * SIGTERM / SIGINT: drain, checkpoint, close; a second signal exits at once. Started by npm
 * (`npm run demo`, `npm start`), the server also stops when npm is gone: npm forwards SIGTERM to
 * its child, but a `kill -9` of npm, or a closed terminal, would otherwise leave it serving alone.
 */
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
  if (process.env.npm_lifecycle_event) {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop('npm exited');
    }, 500).unref();
  }
}
