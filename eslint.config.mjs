// Module boundaries: services import libraries only through their entry points and never import
// another service; contracts depend on nothing of ours; platform may use contracts.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default [
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.infra/**',
      '.nx/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
      'bench/.build/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@itsm/*/src/*', '@itsm/*/src', '**/libs/*', '**/libs/**'],
              message: 'Import libraries through their entry points (@itsm/contracts, @itsm/platform/<concern>).',
            },
            { group: ['**/services/*', '**/services/**'], message: 'A service never imports another service.' },
          ],
        },
      ],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:contracts'] },
          ],
        },
      ],
    },
  },
  {
    // Root-level tests walk a story across services (gateway in front of catalog), so they may
    // import services; service and library code may not.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@itsm/*/src/*', '@itsm/*/src'], message: 'Import libraries through their entry points.' },
          ],
        },
      ],
    },
  },
  // Formatting is Prettier's (npm run format); no ESLint rule argues with it.
  prettier,
];
