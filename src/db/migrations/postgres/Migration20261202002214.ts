import { Migration } from '@mikro-orm/migrations';

export class Migration20261202002214 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "users" add column "locale" varchar(10) not null default 'en';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "users" drop column "locale";`);
  }
}
