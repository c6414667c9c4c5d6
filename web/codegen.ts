import type { CodegenConfig } from '@graphql-codegen/cli';

/** Where the admin console's typed documents go, from admin.graphql: the console's files alone import them. */
export const ADMIN_CONSOLE_DOCUMENTS = 'web/src/admin/graphql/generated/';

const client = (scalars: Record<string, string>) => ({
  preset: 'client' as const,
  presetConfig: { fragmentMasking: false },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    scalars: { DateTimeISO: 'string', ...scalars },
  },
});

/**
 * Typed documents for the web build's two pages, each from its own committed schema (the schema
 * and documents are per target: at the root, codegen would merge them into both). Run from the
 * repository's root.
 *
 * The public app's are not client/operations: those ask for the session token, which bearer
 * clients need and a page must never read (the cookie is HttpOnly so that scripts cannot).
 */
const config = {
  ignoreNoDocuments: false,
  generates: {
    'web/src/graphql/generated/': {
      schema: 'schema.graphql',
      documents: ['web/src/graphql/*.graphql'],
      ...client({ EmailAddress: 'string', PhoneNumber: 'string' }),
    },
    [ADMIN_CONSOLE_DOCUMENTS]: {
      schema: 'admin.graphql',
      documents: ['web/src/admin/graphql/*.graphql'],
      ...client({ JSONObject: 'Record<string, string | number | boolean | null>' }),
    },
  },
  hooks: { afterAllFileWrite: ['prettier --write'] },
} satisfies CodegenConfig;

export default config;
