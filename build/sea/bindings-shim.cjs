'use strict';
/*
 * Stands in for the `bindings` package inside the single executable (build/binary.ts swaps it
 * in): better-sqlite3 asks bindings for its addon, and this returns the copy packed into the
 * executable. The addon is written to a fresh private temporary directory (dlopen needs a file),
 * loaded, and removed at once: nothing is left behind and no other user can swap it.
 */
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { getAsset } = require('node:sea');

let addon;

module.exports = function bindings(name) {
  if (name !== 'better_sqlite3.node') throw new Error(`this build packs no native addon named ${name}`);
  if (addon) return addon;
  const dir = mkdtempSync(join(tmpdir(), 'trasealla-addon-'));
  try {
    const file = join(dir, 'better_sqlite3.node');
    writeFileSync(file, Buffer.from(getAsset('better_sqlite3.node')), { mode: 0o500 });
    const mod = { exports: {} };
    process.dlopen(mod, file);
    addon = mod.exports;
    return addon;
  } catch (err) {
    err.message = `cannot load the SQLite addon from this executable (the temporary directory ${tmpdir()} must be writable and allow executing files; set TMPDIR to another): ${err.message}`;
    throw err;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
