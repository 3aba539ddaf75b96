import { Command } from 'commander';
import { defaultTrustedKeys, isProductionBuild } from '../../licensing/key';
import { BUILD_COMMIT, BUILT_AT } from '../../server/build-info';
import { buildSchemaVersion } from '../../server/modules/system/maintenance.service';
import { PRODUCT_VERSION } from '../../server/version';
import type { CliEnv } from '../cli-env';

export function makeVersionCommand(env: CliEnv): Command {
  return new Command('version')
    .description('print the release, schema version, runtime and the license signing keys this build trusts')
    .addHelpText('after', '\nExample:\n  trasealla version --json')
    .option('--json', 'print as JSON')
    .action((options: { json?: boolean }) => {
      const trustedKeyIds = [...defaultTrustedKeys().keys()];
      const info = {
        version: PRODUCT_VERSION,
        commit: BUILD_COMMIT,
        builtAt: BUILT_AT,
        schemaVersion: buildSchemaVersion(),
        node: process.version,
        build: isProductionBuild() ? 'production' : 'development',
        trustedKeyIds,
      };
      env.io.out(
        options.json
          ? JSON.stringify(info)
          : `trasealla ${info.version} (schema ${info.schemaVersion}, node ${info.node}, commit ${info.commit})\nlicense signing keys trusted: ${trustedKeyIds.join(', ')} (${info.build} build)`,
      );
    });
}
