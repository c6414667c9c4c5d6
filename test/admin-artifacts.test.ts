import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAdminSchema } from '../src/admin/admin.schema';
import { printSchemaFile } from '../src/graphql/print-schema';
import { buildSchema } from '../src/graphql/schema';

describe('the admin schema', () => {
  it('admin.graphql is what the TypeGraphQL code produces (fix: node -r @swc-node/register src/admin/emit-admin-schema.ts)', async () => {
    const committed = readFileSync(join(__dirname, '..', 'admin.graphql'), 'utf8');
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
