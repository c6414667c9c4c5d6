import { Migration } from '@mikro-orm/migrations';

export class Migration20261206001500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`code_requests\` (\`id\` integer not null primary key autoincrement, \`email\` text not null, \`purpose\` text check (\`purpose\` in ('signup', 'password-reset')) not null, \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`code_requests_next_attempt_at_index\` on \`code_requests\` (\`next_attempt_at\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`code_requests\`;`);
  }
}
