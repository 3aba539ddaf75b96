import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_MEANINGS } from '../cli/exit-codes';
import { CONFIG_DOC } from '../server/config';
import { ROOT } from './helpers/cli-process';

describe('README', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it('documents every setting the config loader reads, with its flag and default', () => {
    for (const setting of CONFIG_DOC) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${setting.env}\` |`));
      expect(row, `${setting.env} is missing from the configuration table`).toBeDefined();
      if (setting.flag) expect(row).toContain(`\`${setting.flag}\``);
      expect(row).toContain(setting.default !== undefined ? `\`${setting.default}\`` : '(unset)');
    }
  });

  it('lists every exit code of trasealla with the words --help prints', () => {
    for (const [code, meaning] of Object.entries(EXIT_CODE_MEANINGS)) {
      const row = `| ${code} | ${meaning.replace('--force', '`--force`')} |`;
      expect(readme.split('\n'), `exit code ${code}`).toContain(row);
    }
  });
});
