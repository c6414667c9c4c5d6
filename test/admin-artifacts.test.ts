import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import webCodegenConfig, { ADMIN_CONSOLE_DOCUMENTS } from '../web/codegen';
import { buildAdminSchema } from '../src/admin/admin.schema';
import { printSchemaFile } from '../src/graphql/print-schema';
import { buildSchema } from '../src/graphql/schema';

const root = join(__dirname, '..');
const consoleSource = join(root, 'web', 'src', 'admin');

describe('the admin schema', () => {
  it('admin.graphql is what the TypeGraphQL code produces (fix: node -r @swc-node/register src/admin/emit-admin-schema.ts)', async () => {
    const committed = readFileSync(join(root, 'admin.graphql'), 'utf8');
    expect(printSchemaFile(await buildAdminSchema())).toBe(committed);
  });

  it('shares none of its operations with the public schema', async () => {
    const [admin, public_] = await Promise.all([buildAdminSchema(), buildSchema()]);
    const publicFields = new Set(
      [public_.getQueryType(), public_.getMutationType()].flatMap((type) => Object.keys(type?.getFields() ?? {})),
    );
    const adminFields = [admin.getQueryType(), admin.getMutationType()].flatMap((type) =>
      Object.keys(type?.getFields() ?? {}),
    );
    expect(adminFields.filter((field) => publicFields.has(field))).toEqual([]);
    expect(public_.getType('AdminUser')).toBeUndefined();
  });
});

describe("the console's typed documents", () => {
  it('are generated up to date in web/src/admin/graphql/generated from admin.graphql (fix: npm run codegen)', async () => {
    const target = webCodegenConfig.generates[ADMIN_CONSOLE_DOCUMENTS];
    const outputs = await generate(
      { ...webCodegenConfig, generates: { [ADMIN_CONSOLE_DOCUMENTS]: target }, cwd: root, silent: true },
      false,
    );
    expect(outputs.map((output: { filename: string }) => output.filename).sort()).toEqual(
      ['gql.ts', 'graphql.ts', 'index.ts'].map((name) => `${ADMIN_CONSOLE_DOCUMENTS}${name}`),
    );
    for (const { filename, content } of outputs) {
      const path = join(root, filename);
      // The generator's hook runs Prettier on what it writes.
      const formatted = await format(content, { ...(await resolveConfig(path)), filepath: path });
      expect(readFileSync(path, 'utf8'), filename).toBe(formatted);
    }
  });

  it('are the only way the console asks the API: no operation is typed by hand', () => {
    const handTyped = readdirSync(consoleSource)
      .filter((name) => /\.tsx?$/.test(name))
      .filter((name) => /\bgql\s*[<`]/.test(readFileSync(join(consoleSource, name), 'utf8')));
    expect(handTyped).toEqual([]);
  });
});
