import { Migration } from '@mikro-orm/migrations';

/** The SMS guard asks, before each code, whether an account verified the number: without it, a scan of every user. */
export class Migration20261206050000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create index \`users_phone_number_index\` on \`users\` (\`phone_number\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index \`users_phone_number_index\`;`);
  }
}
