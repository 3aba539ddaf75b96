import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_MEANINGS } from '../cli/exit-codes';
import { CONFIG_DOC } from '../server/config';
import { IMPORTABLE_TYPES, RECORD_TYPE_NAMES, SEARCH_KINDS, TIMELINE_TYPES } from '../server/modules/crm/record-types';
import { importFields } from '../server/modules/transfer/import-columns';
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

/** The names in the first match's list ("a,b" or "a|b"), sorted. */
const listIn = (text: string, pattern: RegExp) => (pattern.exec(text)?.[1] ?? '').split(/[,|]/).filter(Boolean).sort();

describe('the record types in the docs', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const importExport = readFileSync(join(ROOT, 'docs', 'import-export.md'), 'utf8');

  it('the README names every record type of the registry, and every timeline and search kind', () => {
    const records = readme.split('\n').find((line) => line.startsWith('| companies, '))!;
    for (const name of RECORD_TYPE_NAMES) expect(records, name).toContain(name);
    const timelines = readme.split('\n').find((line) => line.startsWith('| timelines |'))!;
    for (const name of TIMELINE_TYPES) expect(timelines, name).toMatch(new RegExp(`[{,]${name}[,}]`));
    expect(listIn(readme, /types=([a-z,]+)`/)).toEqual([...SEARCH_KINDS].sort());
  });

  it('docs/import-export.md lists every import field of every importable type, and its duplicate rule', () => {
    for (const name of IMPORTABLE_TYPES) {
      const row = importExport.split('\n').find((line) => line.startsWith(`| ${name} | \``));
      expect(row, `${name} columns`).toBeDefined();
      for (const field of importFields(name)) expect(row, `${name}.${field.name}`).toContain(`\`${field.name}\``);
      expect(
        importExport.split('\n').some((line) => line.startsWith(`| ${name} | same `)),
        `${name} duplicates`,
      ).toBe(true);
    }
    expect(listIn(importExport, /POST \/api\/import\/\{([a-z|]+)\}/)).toEqual([...IMPORTABLE_TYPES].sort());
    expect(listIn(importExport, /GET \/api\/export\/\{([a-z|]+)\}/)).toEqual([...RECORD_TYPE_NAMES, 'pipelines'].sort());
  });
});
