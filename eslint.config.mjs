// Type-aware lint for the whole repository; `npm run lint` runs `eslint . --max-warnings 0`.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Files covered by tsconfig.json, and so linted with type information. */
const typedFiles = ['src/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts', 'ormconfig.ts'];
const testFiles = ['test/**/*.ts', 'src/**/*.spec.ts'];
/** Tools that talk to a terminal. */
const consoleFiles = ['bench/**', 'scripts/**'];

export default defineConfig(
  globalIgnores([
    'dist/',
    'node_modules/',
    'coverage/',
    'data/',
    '.ci/out/',
    'jest.config.js',
    'eslint.config.mjs',
  ]),

  // Plain JavaScript (scripts, tooling): the recommended rules, Node globals.
  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
  },

  {
    files: typedFiles,
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      // Unions of codes (scimType, operation kinds, node types) must be handled case by case.
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // `x == null` (null or undefined) is the one loose comparison allowed.
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-console': 'error',
    },
  },

  // TypeScript outside tsconfig.json (e.g. scripts/*.ts): syntax-level rules only.
  {
    files: ['**/*.{ts,mts,cts}'],
    ignores: typedFiles,
    extends: [js.configs.recommended, tseslint.configs.recommended],
    languageOptions: { globals: globals.node },
    rules: { eqeqeq: ['error', 'always', { null: 'ignore' }] },
  },

  // The SCIM core is pure protocol code (STYLE.md 1): no framework, ORM, HTTP or driver imports.
  {
    files: ['src/scim/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '@nestjs/*',
                'typeorm',
                'typeorm/*',
                'express',
                'express/*',
                'mysql2',
                'mysql2/*',
                'better-sqlite3',
                'class-validator',
                'class-transformer',
              ],
              message: 'src/scim is the pure protocol core: keep framework, ORM and driver code outside it.',
            },
          ],
        },
      ],
    },
  },

  // Tests: supertest bodies and jest mocks are `any`, and `expect(obj.method)` passes unbound methods.
  {
    files: testFiles,
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      '@typescript-eslint/no-unsafe-unary-minus': 'off',
      '@typescript-eslint/no-unsafe-declaration-merging': 'off',
      '@typescript-eslint/no-unsafe-function-type': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  { files: consoleFiles, rules: { 'no-console': 'off' } },

  // Last: turn off every stylistic rule that Prettier owns.
  prettier,
);
