// @ts-check
// Type-aware lint for TypeScript and Svelte; Astro components with the Astro plugin's rules.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';
import astro from 'eslint-plugin-astro';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dist-*/',
      'node_modules/',
      '.astro/',
      'public/',
      '**/testdata/**',
      'content/**',
      'screenshots/',
      'test-results/',
      '.bench/',
      '.cache/',
      // dotfiles are local scratch, never part of the project
      '**/.*',
    ],
  },
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.svelte', '.astro'],
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  ...svelte.configs['flat/recommended'],
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: {
      parserOptions: { parser: tseslint.parser, projectService: true, extraFileExtensions: ['.svelte'] },
    },
    rules: {
      // Pasted text must never become markup.
      'svelte/no-at-html-tags': 'error',
    },
  },
  ...astro.configs['flat/recommended'],
  {
    // Astro components: the frontmatter and <script> are linted without type information
    // (astro-eslint-parser does not feed the TS project service reliably).
    files: ['**/*.astro', '**/*.astro/*.ts', '**/*.astro/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The engine is pure: no DOM, no Astro/Svelte, no Node built-ins, nothing outside src/lib.
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process'], message: 'src/lib must not use Node built-ins.' },
            {
              group: ['astro', 'astro:*', 'astro/*', 'svelte', 'svelte/*'],
              message: 'src/lib must not use Astro or Svelte.',
            },
            {
              group: [
                '~/*',
                '!~/lib',
                '!~/lib/*',
                '**/components/**',
                '**/pages/**',
                '**/layouts/**',
                '**/state/**',
                '**/workers/**',
                '**/cli/**',
                '**/i18n/**',
              ],
              message: 'src/lib must not import from outside src/lib.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests and CLI scripts may be looser about `any` coming from JSON and fixtures.
    files: ['**/*.test.ts', 'tests/**/*.ts', 'scripts/**'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      // node:test's test()/describe() return promises the runner itself awaits.
      '@typescript-eslint/no-floating-promises': 'off',
    },
  },
);
