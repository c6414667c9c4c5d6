import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The web app's own typed documents, from the committed schema. Not client/operations: those ask
 * for the session token, which bearer clients need and a page must never read (the cookie is
 * HttpOnly so that scripts cannot). Run from the repository's root.
 */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['web/src/graphql/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'web/src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTimeISO: 'string', EmailAddress: 'string', PhoneNumber: 'string' },
      },
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
};

export default config;
