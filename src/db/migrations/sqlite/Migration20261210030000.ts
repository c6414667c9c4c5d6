import { Migration } from '@mikro-orm/migrations';

/**
 * A second step at sign-in: each account's method (a TOTP secret sealed, the last time step
 * used), its recovery codes as hashes, sign-ins waiting for their second step, and how each
 * session signed in.
 */
export class Migration20261210030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `two_steps` (`user_id` text not null, `method` text check (`method` in ('sms', 'totp')) not null, `secret` text null, `last_totp_step` integer null, `created_at` datetime not null, `enabled_at` datetime null, constraint `two_steps_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade, primary key (`user_id`));",
    );

    this.addSql(
      'create table `recovery_codes` (`id` integer not null primary key autoincrement, `user_id` text not null, `code_hash` text not null, `used_at` datetime null, constraint `recovery_codes_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade);',
    );
    this.addSql('create index `recovery_codes_user_id_index` on `recovery_codes` (`user_id`);');

    this.addSql(
      "create table `sign_in_challenges` (`id` integer not null primary key autoincrement, `token_hash` text not null, `user_id` text not null, `first_factor` text check (`first_factor` in ('password', 'code', 'password-reset')) not null, `created_at` datetime not null, `expires_at` datetime not null, `attempts_left` integer not null default 5, `ended_at` datetime null, `new_password_hash` text null, constraint `sign_in_challenges_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade);",
    );
    this.addSql('create unique index `sign_in_challenges_token_hash_unique` on `sign_in_challenges` (`token_hash`);');
    this.addSql('create index `sign_in_challenges_user_id_index` on `sign_in_challenges` (`user_id`);');

    this.addSql(
      "alter table `sessions` add column `signed_in_with` text check (`signed_in_with` in ('signup', 'password', 'code', 'password-reset')) null;",
    );
    this.addSql(
      "alter table `sessions` add column `second_step` text check (`second_step` in ('sms', 'totp', 'recovery-code')) null;",
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists `sign_in_challenges`;');
    this.addSql('drop table if exists `recovery_codes`;');
    this.addSql('drop table if exists `two_steps`;');
    this.addSql('alter table `sessions` drop column `signed_in_with`;');
    this.addSql('alter table `sessions` drop column `second_step`;');
  }
}
