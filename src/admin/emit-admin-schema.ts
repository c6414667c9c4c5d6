import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printSchemaFile } from '../graphql/print-schema';
import { buildAdminSchema } from './admin.schema';

/** `npm run schema:admin`: rewrites admin.graphql from the code. */
void buildAdminSchema().then((schema) => {
  writeFileSync(join(__dirname, '../../admin.graphql'), printSchemaFile(schema));
});
