import { Migration } from '@mikro-orm/migrations';

export class Migration20261201232059 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "dev_outbox_messages" ("id" serial primary key, "to" varchar(255) not null, "body" text not null, "created_at" timestamptz not null);`,
    );
    this.addSql(`create index "dev_outbox_messages_to_index" on "dev_outbox_messages" ("to");`);

    this.addSql(
      `create table "sms_queue" ("id" serial primary key, "to" varchar(255) not null, "body" text not null, "status" text check ("status" in ('pending', 'sent', 'failed')) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "sent_at" timestamptz null);`,
    );
    this.addSql(`create index "sms_queue_status_index" on "sms_queue" ("status");`);

    this.addSql(
      `create table "rate_limit_counters" ("key" text not null, "window_start" bigint not null, "count" int not null, constraint "rate_limit_counters_pkey" primary key ("key"));`,
    );
    this.addSql(`create index "rate_limit_counters_window_start_index" on "rate_limit_counters" ("window_start");`);

    this.addSql(
      `create table "sms_delivery_attempts" ("id" serial primary key, "message_id" int not null, "attempted_at" timestamptz not null, "delivered" boolean not null, "error" text null);`,
    );
    this.addSql(`create index "sms_delivery_attempts_message_index" on "sms_delivery_attempts" ("message_id");`);

    this.addSql(
      `create table "users" ("id" uuid not null, "name" varchar(255) not null, "email" varchar(255) not null, "phone_number" varchar(255) not null, "password_hash" varchar(255) not null, "verified" boolean not null default false, "created_at" timestamptz not null, "authy_id" int null, constraint "users_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(
      `create table "sessions" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "sessions_pkey" primary key ("id"));`,
    );
    this.addSql(`alter table "sessions" add constraint "sessions_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "sessions_user_id_index" on "sessions" ("user_id");`);
    this.addSql(`create index "sessions_expires_at_index" on "sessions" ("expires_at");`);

    this.addSql(
      `create table "verification_codes" ("id" serial primary key, "user_id" uuid not null, "code_hash" varchar(64) not null, "failed_attempts" int not null default 0, "created_at" timestamptz not null, "expires_at" timestamptz not null, "closed_at" timestamptz null);`,
    );
    this.addSql(`create index "verification_codes_user_index" on "verification_codes" ("user_id");`);

    this.addSql(
      `alter table "sms_delivery_attempts" add constraint "sms_delivery_attempts_message_id_foreign" foreign key ("message_id") references "sms_queue" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "verification_codes" add constraint "verification_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );
  }
}
