import { ensureWebBuilt } from '../build/web-build';
import { ROOT } from './helpers/cli-process';

/**
 * Runs once before any test file. The browser suites run in parallel workers;
 * each building web/dist itself raced (one deleted the other's files mid-build).
 */
export default function setup(): void {
  ensureWebBuilt(ROOT);
}
