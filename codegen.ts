import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the client operations in client/operations, from the committed schema. */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/operations/*.graphql'],
  ignoreNoDocuments: false,
  // Node's ESM resolution (module: nodenext in a "type": "module" package) needs the extension;
  // CommonJS under nodenext and bundlers map './graphql.js' to graphql.ts as well.
  importExtension: '.js',
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
