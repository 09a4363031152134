// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules that do I/O or belong to the transport/storage edges. */
const IO_MODULES = ['fastify', 'fastify-plugin', '@fastify/*', 'kysely', 'better-sqlite3', 'pg'];
const FS_MODULES = ['fs', 'fs/promises', 'node:fs', 'node:fs/promises', 'node:net', 'node:http'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'test-results/', 'web/dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      'no-console': 'off',
    },
  },
  {
    // The pure core: STIX rules and policy decisions import nothing from the edges.
    files: [
      'src/stix/**/*.ts',
      'src/policy/**/*.ts',
      'src/intake/**/*.ts',
      'src/enrich/**/*.ts',
      'src/correlate/**/*.ts',
      'src/route/**/*.ts',
    ],
    // Intake's service and routes are its edges, checked by the rules below; enrichment-data.ts
    // is enrichment's I/O edge: it reads the data files.
    ignores: [
      '**/*.test.ts',
      'src/intake/**/*.routes.ts',
      'src/intake/**/*.service.ts',
      'src/enrich/enrichment-data.ts',
      // Correlation's edges: its routes, services, repository and the index writer.
      'src/correlate/**/*.routes.ts',
      'src/correlate/**/*.service.ts',
      'src/correlate/**/*.repository.ts',
      'src/correlate/observable-index.ts',
      // Routing's edges: storage, services, routes.
      'src/route/**/*.repository.ts',
      'src/route/**/*.service.ts',
      'src/route/**/*.routes.ts',
      'src/route/**/*.schema.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: IO_MODULES,
              message: 'The pure core must not import transport or storage code.',
            },
            {
              group: FS_MODULES,
              message: 'The pure core must not touch the file system or network.',
            },
            {
              group: [
                '**/platform/http/**',
                '**/platform/database/**',
                '**/*.routes*',
                '**/*.repository*',
              ],
              message: 'The pure core must not import the edges.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services hold the rules: no HTTP, no routes.
    files: ['src/**/*.service.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fastify', 'fastify-plugin', '@fastify/*'],
              message: 'Services know nothing of HTTP.',
            },
            {
              group: ['**/*.routes*', '**/platform/http/**'],
              message: 'Dependencies flow routes → service → repository.',
            },
          ],
        },
      ],
    },
  },
  {
    // Repositories hold the queries: no HTTP, no services, no routes.
    files: ['src/**/*.repository.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['fastify', 'fastify-plugin', '@fastify/*'],
              message: 'Repositories know nothing of HTTP.',
            },
            {
              group: ['**/*.routes*', '**/*.service*', '**/platform/http/**'],
              message: 'Dependencies flow routes → service → repository.',
            },
          ],
        },
      ],
    },
  },
  {
    // Routes talk to services, never straight to the database.
    files: ['src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kysely', 'better-sqlite3', 'pg'],
              message: 'Routes reach storage through a service.',
            },
            { group: ['**/*.repository*'], message: 'Routes reach storage through a service.' },
          ],
        },
      ],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        navigator: 'readonly',
        fetch: 'readonly',
        localStorage: 'readonly',
      },
    },
  },
);
