import { Migration } from '@mikro-orm/migrations';

export class Migration20261130094158 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`sms_queue\` (\`id\` integer not null primary key autoincrement, \`to\` text not null, \`body\` text not null, \`status\` text check (\`status\` in ('pending', 'sent', 'failed')) not null default 'pending', \`attempts\` integer not null default 0, \`next_attempt_at\` datetime not null, \`last_error\` text null, \`created_at\` datetime not null, \`sent_at\` datetime null);`,
    );
    this.addSql(`create index \`sms_queue_status_index\` on \`sms_queue\` (\`status\`);`);

    this.addSql(
      `create table \`sms_delivery_attempts\` (\`id\` integer not null primary key autoincrement, \`message_id\` integer not null, \`attempted_at\` datetime not null, \`delivered\` integer not null, \`error\` text null, constraint \`sms_delivery_attempts_message_id_foreign\` foreign key(\`message_id\`) references \`sms_queue\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`sms_delivery_attempts_message_index\` on \`sms_delivery_attempts\` (\`message_id\`);`);

    this.addSql(`alter table \`users\` add column \`authy_id\` integer null;`);
  }
}
