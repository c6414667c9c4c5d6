import { Migration } from '@mikro-orm/migrations';

export class Migration20261206020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`sms_guard_counts\` (\`key\` text not null, \`bucket\` integer not null, \`dest\` text not null default '', \`sent\` integer not null default 0, \`verified\` integer not null default 0, \`spend\` integer not null default 0, primary key (\`key\`, \`bucket\`, \`dest\`));`,
    );
    this.addSql(
      `create table \`spent_challenges\` (\`id\` text not null, \`expires_at\` integer not null, primary key (\`id\`));`,
    );
    this.addSql(`create index \`spent_challenges_expires_at_index\` on \`spent_challenges\` (\`expires_at\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`sms_guard_counts\`;`);
    this.addSql(`drop table if exists \`spent_challenges\`;`);
  }
}
