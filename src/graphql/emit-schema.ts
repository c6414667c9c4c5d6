import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchemaFile } from './print-schema';
import { buildSchema } from './schema';

/** `npm run schema`: rewrites schema.graphql from the code. */
void buildSchema().then((schema) => {
  writeFileSync(join(__dirname, '../../schema.graphql'), printSchemaFile(schema));
});
