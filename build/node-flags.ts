/**
 * The V8 flags the shipped executables start with (build/binary.ts writes them into the SEA
 * config; the Docker image and the Helm chart run that executable). The benchmarks start their
 * server processes with them too, so they measure the memory the product actually uses.
 *
 * Node sizes V8's young generation from the machine's memory: on a 24 GB host a 100,000-row
 * import peaked at 332 MB RSS under Node 24, and a sustained run of creates at 247 MB under
 * Node 20; capped semi-spaces keep them near 230 and 190 MB at the same speed
 * (npm run bench -- import, crm-scale). NODE_OPTIONS still adds to these.
 */
export const SHIPPED_NODE_FLAGS = ['--max-semi-space-size=8'];
