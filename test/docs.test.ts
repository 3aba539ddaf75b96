import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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

  it('starts with the newcomer commands that .ci/run also runs', () => {
    const start = readme.indexOf('```sh');
    const block = readme.slice(start, readme.indexOf('```', start + 5));
    expect(block).toMatch(/npm ci[\s\S]*npm run demo[\s\S]*npm test/);
    const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/npm ci/);
    expect(ci).toMatch(/npm test/);
  });
});
