// @ts-check
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/** Packages whose internals nobody else may import (DESIGN.md, dependency direction). */
const internals = [
  '@clickstream/*/src/*',
  '@clickstream/*/dist/*',
  '../../collector/src/*',
  '../../sdk/src/*',
]

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/src/generated/**',
      '.kafka/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-restricted-imports': ['error', { patterns: internals }],
    },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/*.config.ts', 'sdk/**', 'examples/**'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The SDK runs in the browser and may import only types and constants from the schema.
    files: ['sdk/src/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: ['@clickstream/schema', '@clickstream/schema/validate'].map((name) => ({
            name,
            allowTypeImports: true,
            message: 'The SDK imports only types and @clickstream/schema/constants.',
          })),
          patterns: [
            { group: internals },
            { group: ['node:*'], message: 'The SDK is browser code.' },
          ],
        },
      ],
    },
  },
  {
    files: ['examples/**/*.{js,mjs}', 'sdk/test/**', 'e2e/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
  }
)
