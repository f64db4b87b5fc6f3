import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * Typed documents for the operations the tests and examples send (test/operations/*.graphql),
 * generated from the code-first schema itself. Run with the tsx loader (`npm run codegen`), which
 * also prints the subgraph SDL to schema/schema.graphql.
 */
const config: CodegenConfig = {
  schema: './src/schema/index.ts',
  documents: ['test/operations/**/*.graphql'],
  generates: {
    'test/generated/operations.ts': {
      plugins: ['typescript-operations', 'typed-document-node'],
      config: {
        scalars: { DateTime: 'string' },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        useTypeImports: true,
      },
    },
  },
  hooks: {},
};

export default config;
