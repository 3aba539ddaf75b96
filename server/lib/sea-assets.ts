import { getAsset, isSea } from 'node:sea';

/*
 * Files packed into the single executable (Node's single-executable applications) by
 * build/binary.ts: migrations, the Swagger UI files and the web UI. Run from source, there are
 * none and callers read the files where they are in the checkout.
 */

/** Asset names the build uses; the build script and these readers share them. */
export const SEA_ASSET = {
  manifest: 'manifest.json',
  migrationsPrefix: 'migrations/',
  pgMigrationsPrefix: 'migrations-pg/',
  swaggerPrefix: 'swagger-ui/',
  webPrefix: 'web/',
} as const;

let inSea: boolean | undefined;
/** Whether this process is the single executable. */
export function runningAsSea(): boolean {
  inSea ??= isSea();
  return inSea;
}

let manifest: Set<string> | undefined;
/** Every packed asset's name (empty when run from source). */
export function seaAssetNames(): ReadonlySet<string> {
  if (!manifest) {
    manifest = new Set(runningAsSea() ? (JSON.parse(getAsset(SEA_ASSET.manifest, 'utf8')) as string[]) : []);
  }
  return manifest;
}

/** A packed asset's bytes, or undefined when it is not packed (or run from source). */
export function seaAsset(name: string): Buffer | undefined {
  if (!seaAssetNames().has(name)) return undefined;
  return Buffer.from(getAsset(name));
}
