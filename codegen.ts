import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the client operations in client/operations, from the committed schema. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/operations/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'client/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: {
          DateTimeISO: 'string',
          EmailAddress: 'string',
          PhoneNumber: 'string',
        },
      },
    },
  },
};

export default config;
