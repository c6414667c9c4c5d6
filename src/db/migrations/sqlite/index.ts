import { Migration20261130093755 } from './Migration20261130093755';
import { Migration20261130094158 } from './Migration20261130094158';
import { Migration20261130095047 } from './Migration20261130095047';
import { Migration20261202002219 } from './Migration20261202002219';
import { Migration20261202004533 } from './Migration20261202004533';
import { Migration20261206001500 } from './Migration20261206001500';
import { Migration20261206020000 } from './Migration20261206020000';
import { Migration20261206030000 } from './Migration20261206030000';
import { Migration20261206040000 } from './Migration20261206040000';
import { Migration20261206050000 } from './Migration20261206050000';
import { Migration20261207010000 } from './Migration20261207010000';
import { Migration20261208010000 } from './Migration20261208010000';
import { Migration20261209010000 } from './Migration20261209010000';
import { Migration20261209020000 } from './Migration20261209020000';
import { Migration20261210010000 } from './Migration20261210010000';
import { Migration20261210030000 } from './Migration20261210030000';

export const sqliteMigrations = [
  { name: 'Migration20261130093755', class: Migration20261130093755 },
  { name: 'Migration20261130094158', class: Migration20261130094158 },
  { name: 'Migration20261130095047', class: Migration20261130095047 },
  { name: 'Migration20261202002219', class: Migration20261202002219 },
  { name: 'Migration20261202004533', class: Migration20261202004533 },
  { name: 'Migration20261206001500', class: Migration20261206001500 },
  { name: 'Migration20261206020000', class: Migration20261206020000 },
  { name: 'Migration20261206030000', class: Migration20261206030000 },
  { name: 'Migration20261206040000', class: Migration20261206040000 },
  { name: 'Migration20261206050000', class: Migration20261206050000 },
  { name: 'Migration20261207010000', class: Migration20261207010000 },
  { name: 'Migration20261208010000', class: Migration20261208010000 },
  { name: 'Migration20261209010000', class: Migration20261209010000 },
  { name: 'Migration20261209020000', class: Migration20261209020000 },
  { name: 'Migration20261210010000', class: Migration20261210010000 },
  { name: 'Migration20261210030000', class: Migration20261210030000 },
];
