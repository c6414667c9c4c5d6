import { Migration } from '@mikro-orm/migrations';

export class Migration20261202004533 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`phone_changes\` (\`user_id\` text not null, \`new_phone_number\` text not null, \`authy_id\` integer null, \`created_at\` datetime not null, \`expires_at\` datetime not null, constraint \`phone_changes_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`user_id\`));`,
    );
    this.addSql(`create index \`phone_changes_expires_at_index\` on \`phone_changes\` (\`expires_at\`);`);

    this.addSql(`alter table \`sessions\` add column \`user_agent\` text null;`);
    this.addSql(`alter table \`sessions\` add column \`last_used_at\` datetime null;`);

    this.addSql(
      `alter table \`sms_queue\` add column \`user_id\` text null constraint \`sms_queue_user_id_foreign\` references \`users\` (\`id\`) on update cascade on delete cascade;`,
    );
    this.addSql(`create index \`sms_queue_user_index\` on \`sms_queue\` (\`user_id\`);`);

    this.addSql(
      `alter table \`verification_codes\` add column \`purpose\` text check (\`purpose\` in ('signup', 'password-reset', 'phone-change')) not null default 'signup';`,
    );
  }
}
