'use strict';
// Lint configuration (ESLint flat config with typescript-eslint). `npm run lint`; CI runs it.
// Unused `eslint-disable` comments are errors, so every disable comment in the tree is one that
// a rule would otherwise report.
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const globals = require('globals');

module.exports = tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/build/**',
      'dist/**',
      'coverage/**',
      '.ci/cache/**',
      '.bench/**',
      'test-fixtures/versions/**',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      // `_name` marks a parameter a signature requires but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Layers and heavy modules are loaded lazily with require() on purpose (optional layers,
      // start-up cost); `import x = require()` is TypeScript's CommonJS import.
      '@typescript-eslint/no-require-imports': 'off',
      // A patch keeps the driver's object (`this` of the patched function) in a closure or in module
      // state on purpose: that is how the hook reaches it without a per-call allocation.
      '@typescript-eslint/no-this-alias': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: {
      '@typescript-eslint/no-require-imports': 'off',
      '@typescript-eslint/no-unused-expressions': ['error', { allowTernary: true, allowShortCircuit: true }],
      // A module-level helper named like a global of some environment (mocha's `run`, `performance`)
      // shadows nothing the module uses.
      'no-redeclare': ['error', { builtinGlobals: false }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    files: ['**/test/**/*.js', 'test/**/*.js'],
    languageOptions: { globals: { ...globals.node, ...globals.mocha } },
    // chai's property assertions (`expect(x).to.exist`) are expressions by design.
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
);
