import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import layers from './scripts/eslint/layers.js';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'release/', 'test/fixtures/', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { shiftguard: { rules: { layers } } },
    languageOptions: { globals: { ...globals.es2023 } },
    rules: {
      'shiftguard/layers': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['bin/**', 'scripts/**', 'electron/agent/**', 'electron/main/**', 'server/*.ts', 'server/!(console)/**', 'test/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**', 'server/console/**', 'electron/preload/**', 'test/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
