import { Migration } from '@mikro-orm/migrations';

/**
 * A second step at sign-in: each account's method (a TOTP secret sealed, the last time step
 * used), its recovery codes as hashes, sign-ins waiting for their second step, and how each
 * session signed in.
 */
export class Migration20261210030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "two_steps" ("user_id" uuid not null, "method" text check ("method" in ('sms', 'totp')) not null, "secret" text null, "last_totp_step" int null, "created_at" timestamptz not null, "enabled_at" timestamptz null, constraint "two_steps_pkey" primary key ("user_id"));`,
    );
    this.addSql(
      `alter table "two_steps" add constraint "two_steps_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "recovery_codes" ("id" serial primary key, "user_id" uuid not null, "code_hash" varchar(64) not null, "used_at" timestamptz null);`,
    );
    this.addSql(`create index "recovery_codes_user_id_index" on "recovery_codes" ("user_id");`);
    this.addSql(
      `alter table "recovery_codes" add constraint "recovery_codes_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `create table "sign_in_challenges" ("id" serial primary key, "token_hash" varchar(64) not null, "user_id" uuid not null, "first_factor" text check ("first_factor" in ('password', 'code', 'password-reset')) not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "attempts_left" int not null default 5, "ended_at" timestamptz null, "new_password_hash" text null);`,
    );
    this.addSql(
      `alter table "sign_in_challenges" add constraint "sign_in_challenges_token_hash_unique" unique ("token_hash");`,
    );
    this.addSql(`create index "sign_in_challenges_user_id_index" on "sign_in_challenges" ("user_id");`);
    this.addSql(
      `alter table "sign_in_challenges" add constraint "sign_in_challenges_user_id_foreign" foreign key ("user_id") references "users" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "sessions" add column "signed_in_with" text check ("signed_in_with" in ('signup', 'password', 'code', 'password-reset')) null, add column "second_step" text check ("second_step" in ('sms', 'totp', 'recovery-code')) null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "sign_in_challenges" cascade;`);
    this.addSql(`drop table if exists "recovery_codes" cascade;`);
    this.addSql(`drop table if exists "two_steps" cascade;`);
    this.addSql(`alter table "sessions" drop column "signed_in_with", drop column "second_step";`);
  }
}
