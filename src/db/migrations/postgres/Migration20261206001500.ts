import { Migration } from '@mikro-orm/migrations';

export class Migration20261206001500 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "code_requests" ("id" serial primary key, "email" varchar(255) not null, "purpose" text check ("purpose" in ('signup', 'password-reset')) not null, "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "code_requests_next_attempt_at_index" on "code_requests" ("next_attempt_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "code_requests" cascade;`);
  }
}
