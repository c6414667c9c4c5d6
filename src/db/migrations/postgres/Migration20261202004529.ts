import { Migration } from '@mikro-orm/migrations';

export class Migration20261202004529 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "phone_changes" ("user_id" uuid not null, "new_phone_number" varchar(255) not null, "authy_id" int null, "created_at" timestamptz not null, "expires_at" timestamptz not null, constraint "phone_changes_pkey" primary key ("user_id"));`,
    );
    this.addSql(`create index "phone_changes_expires_at_index" on "phone_changes" ("expires_at");`);

    this.addSql(
      `alter table "phone_changes" add constraint "phone_changes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sessions" add column "user_agent" text null, add column "last_used_at" timestamptz null;`,
    );

    this.addSql(`alter table "sms_queue" add column "user_id" uuid null;`);
    this.addSql(
      `alter table "sms_queue" add constraint "sms_queue_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(`create index "sms_queue_user_index" on "sms_queue" ("user_id");`);

    this.addSql(
      `alter table "verification_codes" add column "purpose" text check ("purpose" in ('signup', 'password-reset', 'phone-change')) not null default 'signup';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "phone_changes" cascade;`);

    this.addSql(`alter table "sms_queue" drop constraint "sms_queue_user_id_foreign";`);

    this.addSql(`alter table "sessions" drop column "user_agent", drop column "last_used_at";`);

    this.addSql(`drop index "sms_queue_user_index";`);
    this.addSql(`alter table "sms_queue" drop column "user_id";`);

    this.addSql(`alter table "verification_codes" drop column "purpose";`);
  }
}
