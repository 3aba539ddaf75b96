import { createLogger } from '../../platform/logger';

/**
 * A process that logs through the server's own standard-output logger, for
 * test/server/logger.test.ts. `exit`: log two lines, then exit at once; `burst`: 20,000 lines
 * in one turn, then exit;
 * `quiet`: log one line, then sit idle.
 */
const logger = createLogger({ name: 'log-child' });
if (process.argv[2] === 'burst') {
  for (let i = 0; i < 20_000; i++) logger.info({ msg: 'burst', i });
  process.exit(0);
} else if (process.argv[2] === 'exit') {
  logger.info({ msg: 'first line' });
  logger.error({ msg: 'last words', password: 'hunter2-secret' });
  process.exit(3);
} else {
  logger.info({ msg: 'quiet line' });
  setInterval(() => undefined, 60_000);
}
