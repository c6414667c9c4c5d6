import { Migration20261201232059 } from './Migration20261201232059';

export const postgresMigrations = [{ name: 'Migration20261201232059', class: Migration20261201232059 }];
