import { serve, type ServerType } from '@hono/node-server';
import { ConfigError } from '../platform/config';

/** The address cannot be listened on: the message is a sentence for the operator, naming the setting to change. */
export class PortInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PortInUseError';
  }
}

function describeListenError(err: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'EADDRINUSE':
      return new PortInUseError(
        `Port ${port} is already in use on ${host} by another program. Choose another with --port (or PORT), or stop that program.`,
      );
    // Not "in use": settings to change (exit 3), so a script that retries on 11 does not loop.
    case 'EACCES':
      return new ConfigError(
        `This user may not listen on ${where} (ports below 1024 need privileges). Choose a port from 1024 up with --port (or PORT).`,
      );
    case 'EADDRNOTAVAIL':
      return new ConfigError(
        `${host} is not an address of this machine. Choose another with --host (or HOST), for example 0.0.0.0 or 127.0.0.1.`,
      );
    default:
      return err;
  }
}

/** Opens the port; the errors an operator can fix come back as sentences (PortInUseError, ConfigError). */
export function listen(fetch: Parameters<typeof serve>[0]['fetch'], host: string, port: number): Promise<ServerType> {
  return new Promise<ServerType>((resolve, reject) => {
    const refused = (err: NodeJS.ErrnoException) => reject(describeListenError(err, host, port));
    const server = serve({ fetch, hostname: host, port }, () => {
      // Only the failure to listen is ours to describe; later errors belong to the server's owner.
      server.off('error', refused);
      resolve(server);
    });
    server.once('error', refused);
  });
}
