import type { RunningServer } from '../server/main';

/**
 * Starts the server with SIGTERM / SIGINT already handled: drain, checkpoint, close; a second
 * signal exits at once. The handlers are in place before the server logs "listening", so a
 * supervisor that stops it right after (or during start) still gets a graceful shutdown: a
 * signal during start waits for the start to finish, then closes. Started by npm (`npm run
 * demo`, `npm start`), the server also stops when npm is gone: npm forwards SIGTERM to its
 * child, but a `kill -9` of npm, or a closed terminal, would otherwise leave it serving alone.
 */
export async function serveUntilSignalled(start: () => Promise<RunningServer>): Promise<RunningServer> {
  const started = start();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    void started.then(
      async (server) => {
        server.deps.logger.info({ msg: 'shutting down', signal });
        await server.close();
        process.exit(0);
      },
      // A start that failed is reported by the command; there is nothing to close.
      () => undefined,
    );
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  try {
    const server = await started;
    if (process.env.npm_lifecycle_event) {
      const parent = process.ppid;
      setInterval(() => {
        if (process.ppid !== parent) stop('npm exited');
      }, 500).unref();
    }
    return server;
  } catch (err) {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    throw err;
  }
}
