/**
 * Entry of the `trasealla` single executable. The web UI rides in the executable as assets;
 * the server serves a folder, so the files are written to a private folder of this user's
 * (under TMPDIR, one per UI build) at each start, unless TRASEALLA_WEB_DIR names another UI.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SEA_ASSET, seaAsset, seaAssetNames } from '../../server/lib/sea-assets';
import { privateTempDir } from './private-temp-dir';

function unpackWebUi(): void {
  if (process.env.TRASEALLA_WEB_DIR !== undefined) return;
  const names = [...seaAssetNames()].filter((n) => n.startsWith(SEA_ASSET.webPrefix));
  if (!names.includes(`${SEA_ASSET.webPrefix}index.html`)) return;
  // One folder per UI build (index.html names its hashed files), so releases never mix files.
  const build = createHash('sha256')
    .update(seaAsset(`${SEA_ASSET.webPrefix}index.html`)!)
    .digest('hex')
    .slice(0, 12);
  const dir = privateTempDir(`trasealla-web-${build}`);
  for (const name of names) {
    const file = join(dir, name.slice(SEA_ASSET.webPrefix.length));
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(file, seaAsset(name)!, { mode: 0o600 });
  }
  process.env.TRASEALLA_WEB_DIR = dir;
}

try {
  unpackWebUi();
} catch (err) {
  // The API works without the UI: say why / shows the plain page and carry on.
  process.stderr.write(`trasealla: the web UI could not be unpacked (${(err as Error).message}); / shows the API page only\n`);
}
void import('../../cli/main');
