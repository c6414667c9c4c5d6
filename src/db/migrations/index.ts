import { Migration20261130093755 } from './Migration20261130093755';
import { Migration20261130094158 } from './Migration20261130094158';
import { Migration20261130095047 } from './Migration20261130095047';

/**
 * Listed by hand so migrations run the same under swc, vitest and a build, with no file globbing.
 * Add each new file from `npm run mikro-orm -- migration:create` here.
 */
export const migrations = [
  { name: 'Migration20261130093755', class: Migration20261130093755 },
  { name: 'Migration20261130094158', class: Migration20261130094158 },
  { name: 'Migration20261130095047', class: Migration20261130095047 },
];
