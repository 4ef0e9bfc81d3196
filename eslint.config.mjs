// ESLint: the rules that keep the codebase's shape (ARCHITECTURE.md), each
// with a message saying what to do instead, plus the promise and import
// hygiene TypeScript alone does not check. Formatting is Prettier's
// (eslint-config-prettier, last, turns off every rule that would fight it).
import { readdirSync } from 'node:fs';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const APPS = ['api', 'worker', 'web', 'sample-dms', 'sample-sap'];
const PACKAGES = readdirSync(`${import.meta.dirname}/packages`, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);
const FEATURES = readdirSync(`${import.meta.dirname}/apps/web/src/features`, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

const APPS_NEVER_IMPORT_APPS =
  'Apps never import other apps. Shared code goes in a package (packages/*, imported as @portal/<name>); a test that needs another app uses @portal/testing (e.g. startWorkerProcess, startSampleDms).';
const NO_DEEP_IMPORTS =
  "Import a package only through an entry of its package.json \"exports\" (e.g. '@portal/db', '@portal/db/testing'); add an entry there rather than reaching into src/.";

const DEEP_IMPORTS = [
  { regex: '^@portal/[^/]+/src(/|$)', message: NO_DEEP_IMPORTS },
  { regex: '^(\\.\\./)+(packages/[^/]+|[a-z-]+/src)(/|$)', message: `${NO_DEEP_IMPORTS} Never reach another workspace package by a relative path.` },
];

export default defineConfig([
  globalIgnores(['**/node_modules/', '**/dist/', '**/coverage/', '**/.turbo/', '.data/', 'packages/db/src/generated/', '**/test-results/']),

  {
    files: ['**/*.{ts,tsx,mts,mjs}'],
    extends: [tseslint.configs.base],
    plugins: { 'import-x': importX },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      // import-x follows (and parses) TypeScript files only when told they are modules it handles.
      'import-x/extensions': ['.ts', '.tsx', '.mts', '.mjs', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx', '.mts'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['apps/*/tsconfig.json', 'packages/*/tsconfig.json', 'e2e/tsconfig.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-imports': ['error', { patterns: DEEP_IMPORTS }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            ...APPS.map((app) => ({
              target: `./apps/${app}`,
              from: APPS.filter((other) => other !== app).map((other) => `./apps/${other}`),
              message: APPS_NEVER_IMPORT_APPS,
            })),
            // Packages are what apps share; they never reach into an app. The one
            // exception: @portal/testing hands tests the sample DMS's and sample SAP's library entries.
            ...PACKAGES.map((pkg) => ({
              target: `./packages/${pkg}`,
              from: pkg === 'testing' ? APPS.filter((app) => app !== 'sample-dms' && app !== 'sample-sap').map((app) => `./apps/${app}`) : './apps',
              message: 'Packages never import apps: move what both need into a package.',
            })),
            { target: './e2e', from: './apps', message: 'Browser tests drive a started portal over HTTP; shared test code goes in @portal/testing.' },
            ...FEATURES.map((feature) => ({
              target: `./apps/web/src/features/${feature}`,
              from: './apps/web/src/features',
              except: [`./${feature}`],
              message: 'A web feature never imports another feature: move what both use to src/components or src/lib, or compose them in src/app.',
            })),
          ],
        },
      ],
    },
  },

  // Type-aware rules: every TypeScript file belongs to a package's tsconfig.json.
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      // JSX handlers may be async (React ignores what they return).
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },

  // Nest's dependency injection reads constructor parameter types from decorator
  // metadata: an `import type` there would erase the injected class.
  {
    files: ['apps/api/**/*.ts', 'apps/worker/**/*.ts'],
    languageOptions: { parserOptions: { emitDecoratorMetadata: true, experimentalDecorators: true } },
  },

  // Apps never import apps, by package name either (relative paths are caught above).
  ...APPS.map((app) => ({
    files: [`apps/${app}/**/*.{ts,tsx,mts}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [...DEEP_IMPORTS, { regex: `^@portal/(${APPS.join('|')})(/|$)`, message: APPS_NEVER_IMPORT_APPS }],
        },
      ],
    },
  })),

  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },

  prettier,
]);
