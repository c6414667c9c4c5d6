import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../codegen';
import { printSchemaFile } from '../src/graphql/print-schema';
import { buildSchema } from '../src/graphql/schema';

const root = join(__dirname, '..');

describe('generated artifacts are committed up to date', () => {
  it('schema.graphql is what the TypeGraphQL code produces (fix: npm run schema)', async () => {
    const committed = readFileSync(join(root, 'schema.graphql'), 'utf8');
    expect(printSchemaFile(await buildSchema())).toBe(committed);
  });

  it('client/generated matches the schema and client/operations (fix: npm run codegen)', async () => {
    const outputs = await generate({ ...codegenConfig, cwd: root, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const { filename, content } of outputs) {
      expect(readFileSync(join(root, filename), 'utf8'), filename).toBe(content);
    }
  });
});
