import { Migration } from '@mikro-orm/migrations';

export class Migration20261202002219 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`users\` add column \`locale\` text not null default 'en';`);
  }
}
