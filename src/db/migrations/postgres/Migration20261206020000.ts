import { Migration } from '@mikro-orm/migrations';

export class Migration20261206020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "sms_guard_counts" ("key" text not null, "bucket" bigint not null, "dest" text not null default '', "sent" int not null default 0, "verified" int not null default 0, "spend" bigint not null default 0, constraint "sms_guard_counts_pkey" primary key ("key", "bucket", "dest"));`,
    );
    this.addSql(
      `create table "spent_challenges" ("id" text not null, "expires_at" bigint not null, constraint "spent_challenges_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "spent_challenges_expires_at_index" on "spent_challenges" ("expires_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sms_guard_counts" cascade;`);
    this.addSql(`drop table if exists "spent_challenges" cascade;`);
  }
}
