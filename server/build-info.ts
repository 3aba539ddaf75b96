/*
 * Facts fixed when the single executable is bundled (build/binary.ts hands them to esbuild as
 * `define`s). Run from source they are unknown, and say so.
 */
declare const __TRASEALLA_COMMIT__: string | undefined;
declare const __TRASEALLA_BUILT_AT__: string | undefined;

/** The git commit the build was made from. */
export const BUILD_COMMIT: string = typeof __TRASEALLA_COMMIT__ === 'string' ? __TRASEALLA_COMMIT__ : 'source';
/** When the build was made (ISO time), or undefined from source. */
export const BUILT_AT: string | undefined = typeof __TRASEALLA_BUILT_AT__ === 'string' ? __TRASEALLA_BUILT_AT__ : undefined;
