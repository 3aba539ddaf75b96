import { ensureWebBuilt } from './web/browser';

/**
 * Runs once before any test file. The browser suites run in parallel workers;
 * each building web/dist itself raced (one deleted the other's files mid-build).
 */
export default async function setup(): Promise<void> {
  await ensureWebBuilt();
}
