import { Migration } from '@mikro-orm/migrations';

export class Migration20261130093755 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`dev_outbox_messages\` (\`id\` integer not null primary key autoincrement, \`to\` text not null, \`body\` text not null, \`created_at\` datetime not null);`,
    );
    this.addSql(`create index \`dev_outbox_messages_to_index\` on \`dev_outbox_messages\` (\`to\`);`);

    this.addSql(
      `create table \`users\` (\`id\` text not null, \`name\` text not null, \`email\` text not null, \`phone_number\` text not null, \`password_hash\` text not null, \`verified\` integer not null default false, \`created_at\` datetime not null, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`users_email_unique\` on \`users\` (\`email\`);`);

    this.addSql(
      `create table \`sessions\` (\`id\` text not null, \`token_hash\` text not null, \`user_id\` text not null, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`revoked_at\` datetime null, constraint \`sessions_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade, primary key (\`id\`));`,
    );
    this.addSql(`create unique index \`sessions_token_hash_unique\` on \`sessions\` (\`token_hash\`);`);
    this.addSql(`create index \`sessions_user_id_index\` on \`sessions\` (\`user_id\`);`);
    this.addSql(`create index \`sessions_expires_at_index\` on \`sessions\` (\`expires_at\`);`);

    this.addSql(
      `create table \`verification_codes\` (\`id\` integer not null primary key autoincrement, \`user_id\` text not null, \`code_hash\` text not null, \`failed_attempts\` integer not null default 0, \`created_at\` datetime not null, \`expires_at\` datetime not null, \`closed_at\` datetime null, constraint \`verification_codes_user_id_foreign\` foreign key(\`user_id\`) references \`users\`(\`id\`) on delete cascade on update cascade);`,
    );
    this.addSql(`create index \`verification_codes_user_index\` on \`verification_codes\` (\`user_id\`);`);
  }
}
