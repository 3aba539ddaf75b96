import { ESLint } from 'eslint';
import { join } from 'node:path';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/cli-process';

/*
 * The linter and the formatter check bite: each dependency rule is handed a planted violation, as
 * source text at a real path of the repository (nothing is written), through the repository's own
 * eslint.config.js; `npm run lint` (part of `npm test`) runs the same configuration over every file.
 */
const eslint = new ESLint({
  cwd: ROOT,
  // A planted file exists only as text, which the type checker's project cannot see: the rules that need types
  // (no-floating-promises and its kin) are left to `npm run lint`, the rest run exactly as configured.
  overrideConfig: {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: false } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'off',
      '@typescript-eslint/no-misused-promises': 'off',
      '@typescript-eslint/await-thenable': 'off',
    },
  },
});

async function rulesBroken(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(ROOT, file) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe('the dependency rules, checked by ESLint', () => {
  const cases: { arrow: string; file: string; source: string; rule: string }[] = [
    {
      arrow: 'route file → database',
      file: 'server/modules/crm/planted.routes.ts',
      source: "import { companies } from '../../db/schema-crm';\nexport const x = companies;\n",
      rule: 'import-x/no-restricted-paths',
    },
    {
      arrow: 'route file → data layer',
      file: 'server/modules/crm/planted.routes.ts',
      source: "import { TenantScope } from '../../data/tenant-scope';\nexport const x = TenantScope;\n",
      rule: 'import-x/no-restricted-paths',
    },
    {
      arrow: 'route file → drizzle',
      file: 'server/modules/crm/planted.routes.ts',
      source: "import { eq } from 'drizzle-orm';\nexport const x = eq;\n",
      rule: 'no-restricted-imports',
    },
    {
      arrow: 'licensing/key → server',
      file: 'licensing/key/planted.ts',
      source: "import { loadConfig } from '../../server/config';\nexport const x = loadConfig;\n",
      rule: 'import-x/no-restricted-paths',
    },
    {
      arrow: 'licensing/key → cli',
      file: 'licensing/key/planted.ts',
      source: "import { EXIT } from '../../cli/exit-codes';\nexport const x = EXIT;\n",
      rule: 'import-x/no-restricted-paths',
    },
    {
      arrow: 'platform → server',
      file: 'platform/planted.ts',
      source: "import { loadConfig } from '../server/config';\nexport const x = loadConfig;\n",
      rule: 'import-x/no-restricted-paths',
    },
    {
      arrow: 'platform → license service',
      file: 'platform/planted.ts',
      source: "import { loadServiceConfig } from '../licensing/service/config';\nexport const x = loadServiceConfig;\n",
      rule: 'import-x/no-restricted-paths',
    },
    {
      arrow: 'server → cli',
      file: 'server/lib/planted.ts',
      source: "import { EXIT } from '../../cli/exit-codes';\nexport const x = EXIT;\n",
      rule: 'import-x/no-restricted-paths',
    },
    {
      arrow: 'web → server code',
      file: 'web/src/planted.ts',
      source: "import { createApp } from '../../server/app';\nexport const x = createApp;\n",
      rule: '@typescript-eslint/no-restricted-imports',
    },
    {
      arrow: 'cli → database',
      file: 'cli/commands/planted.ts',
      source: "import { openDatabase } from '../../server/db/client';\nexport const x = openDatabase;\n",
      rule: '@typescript-eslint/no-restricted-imports',
    },
    {
      arrow: 'cli → better-sqlite3',
      file: 'cli/commands/planted.ts',
      source: "import Database from 'better-sqlite3';\nexport const x = Database;\n",
      rule: '@typescript-eslint/no-restricted-imports',
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.arrow}`, async () => {
      expect(await rulesBroken(c.file, c.source)).toContain(c.rule);
    });
  }

  it('allows what the arrows allow: types from the server in web/, services from the CLI, licensing/key from the server', async () => {
    expect(await rulesBroken('web/src/planted.ts', "import type { AppType } from '../../server/app';\nexport type X = AppType;\n")).toEqual(
      [],
    );
    expect(
      await rulesBroken(
        'cli/commands/planted.ts',
        "import type { TenantScope } from '../../server/data/tenant-scope';\nexport type X = TenantScope;\n",
      ),
    ).toEqual([]);
    expect(
      await rulesBroken(
        'cli/commands/planted.ts',
        "import { createUser } from '../../server/modules/users/users.service';\nexport const x = createUser;\n",
      ),
    ).toEqual([]);
    expect(
      await rulesBroken(
        'server/lib/planted.ts',
        "import { defaultTrustedKeys } from '../../licensing/key';\nexport const x = defaultTrustedKeys;\n",
      ),
    ).toEqual([]);
  });

  it('the language rules run too (an explicit any in product code)', async () => {
    expect(await rulesBroken('server/lib/planted.ts', 'export const x = (y: any) => y;\n')).toContain('@typescript-eslint/no-explicit-any');
  });

  it('a query nobody awaits is refused (the typed rules, over the text of a real file)', async () => {
    const typed = new ESLint({ cwd: ROOT });
    const file = join(ROOT, 'server/version.ts');
    const lint = async (source: string) =>
      (await typed.lintText(source, { filePath: file }))[0]!.messages.map((m) => m.ruleId ?? m.message);
    const forgotten =
      "import type { TenantScope } from './data/tenant-scope';\nexport function f(s: TenantScope) {\n  s.audit('x', 'y', 'z');\n}\n";
    expect(await lint(forgotten)).toContain('@typescript-eslint/no-floating-promises');
    expect(await lint(forgotten.replace('  s.audit', '  return s.audit'))).toEqual([]);
    // Typed linting builds the whole TypeScript program first: 10-40 s on two busy shared cores.
  }, 120_000);
});

describe('the Prettier check', () => {
  it('knows an unformatted file from a formatted one, with the repository configuration', async () => {
    const file = join(ROOT, 'server/lib/planted.ts');
    const options = { ...(await prettier.resolveConfig(file)), filepath: file };
    expect(options.printWidth).toBe(140);
    expect(await prettier.check('export const x = {a:1,b:2}\n', options)).toBe(false);
    expect(await prettier.check(await prettier.format('export const x = {a:1,b:2}\n', options), options)).toBe(true);
  });
});
