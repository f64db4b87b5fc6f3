// ESLint: the recommended rules, TypeScript's type-aware ones, and nothing that Prettier decides.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test/generated/', 'test/artifacts/', 'eslint.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // `_`-prefixed names are deliberately unused (a destructured field left out, a resolver's root).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
      // Yoga and envelop hand hooks a payload of functions (setResult, endResponse, ...) meant to be
      // destructured; this rule cannot tell them from methods that need their `this`.
      '@typescript-eslint/unbound-method': 'off',
      // node:http takes a listener whose promise it ignores: Yoga's handler and our servers catch
      // their own errors, so an async listener there is intended.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
    },
  },
  {
    // Tests and the chaos script read JSON answers (typed `any` by response.json()) and assert with
    // `expect.any`/`expect.objectContaining` (typed `any` by vitest); their fakes are async without
    // awaiting. The unsafe-`any` rules guard production code, where every input is typed or checked.
    files: ['test/**/*.ts', 'scripts/chaos.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
  prettier,
);
