// ESLint over every source file of the repository (`npm run lint`, part of `npm test`): the
// language rules of typescript-eslint, and the dependency directions of ../shared/STYLE.md checked
// by import rules on every import (test/lint.test.ts plants a violation of each to prove they bite).
import js from '@eslint/js';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** The "never" arrows, each as one import-x/no-restricted-paths zone. */
const zones = [
  {
    target: './licensing/key',
    from: ['./server', './cli', './web', './licensing/service', './licensing/client'],
    message: 'licensing/key is pure: the server, the CLI and the license service import it, never the reverse.',
  },
  {
    target: './platform',
    from: ['./server', './cli', './web', './licensing/service', './licensing/cli'],
    message: 'platform/ is the infrastructure both apps are built on: the server and the license service import it, never the reverse.',
  },
  { target: './server', from: './cli', message: 'The server never imports the CLI: the CLI is built over the server.' },
  {
    target: './server/modules/**/*.routes.ts',
    from: ['./server/db', './server/data'],
    message: 'Route files call services; only services and server/data reach the database.',
  },
];

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'web/dist/**',
      '.cache/**',
      'bench/.cache/**',
      'test-artifacts/**',
      'coverage/**',
      'data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs,cjs}'],
    plugins: { 'import-x': importX },
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      // TypeScript reports undefined names in .ts files, with the right globals per folder
      // (node, or the DOM for web/); the few .mjs/.cjs files are build glue run by every build.
      'no-undef': 'off',
      // Unused names fail the typecheck already (noUnusedLocals); a leading _ marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.object.name='console'][callee.property.name='trace']", message: 'No console.trace.' },
      ],
    },
  },
  {
    // Every query is asynchronous: a promise nobody awaits is a write that may not have happened
    // yet, or an error nobody sees. These rules need the type checker, so they cover the code
    // the root tsconfig.json compiles.
    files: ['{platform,server,cli,licensing,build,test,bench}/**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    // The UI's React code: hooks called in the same order on every render, effects listing what they read.
    files: ['web/src/**/*.tsx', 'web/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Tests read untyped JSON answers and assert on their shape at run time.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // CommonJS glue for the single executable's bundle (build/sea): require is its module system.
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Route files: no database driver or query builder either, by package name.
    files: ['server/modules/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'better-sqlite3'],
              message: 'Route files call services; only services and server/data reach the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // A count the data layer caches runs its SQL as written: only server/data, which writes the tenant filter, may call it.
    files: ['server/modules/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/data/tenant-scope'],
              importNames: ['cachedTotal'],
              message: 'Count through scope.count(table, ...conditions): cachedTotal takes SQL without adding the tenant filter.',
            },
          ],
        },
      ],
    },
  },
  {
    // The CLI acts through the services (types from the data layer are fine).
    files: ['cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['drizzle-orm', 'drizzle-orm/*', 'better-sqlite3', '**/server/db/**', '**/server/data/**'],
              allowTypeImports: true,
              message: 'The CLI acts through the services, never on the database itself.',
            },
          ],
        },
      ],
    },
  },
  {
    // The browser bundle: types from the server (Hono's RPC client), never its code.
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/server/**', '**/cli/**', '**/licensing/**'],
              allowTypeImports: true,
              message: 'The web UI takes only types from the server: no server code in the browser bundle.',
            },
          ],
        },
      ],
    },
  },
);
