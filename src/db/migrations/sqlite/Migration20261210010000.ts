import { Migration } from '@mikro-orm/migrations';

/**
 * Codes to sign in with and codes for a sign-in's second step, each bound to its purpose, and
 * requests for a sign-in code by phone number as well as by email. SQLite cannot change a check
 * constraint or a column's nullability in place, so both tables are copied into new ones.
 */
export class Migration20261210010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "create table `verification_codes__new` (`id` integer not null primary key autoincrement, `user_id` text not null, `code_hash` text not null, `failed_attempts` integer not null default 0, `created_at` datetime not null, `expires_at` datetime not null, `closed_at` datetime null, `purpose` text check (`purpose` in ('signup', 'password-reset', 'phone-change', 'sign-in', 'two-step')) not null default 'signup', `message_sid` text null, `fallback` text null, `fallback_at` datetime null, constraint `verification_codes_user_id_foreign` foreign key(`user_id`) references `users`(`id`) on delete cascade on update cascade);",
    );
    this.addSql(
      'insert into `verification_codes__new` (`id`, `user_id`, `code_hash`, `failed_attempts`, `created_at`, `expires_at`, `closed_at`, `purpose`, `message_sid`, `fallback`, `fallback_at`) select `id`, `user_id`, `code_hash`, `failed_attempts`, `created_at`, `expires_at`, `closed_at`, `purpose`, `message_sid`, `fallback`, `fallback_at` from `verification_codes`;',
    );
    this.addSql('drop table `verification_codes`;');
    this.addSql('alter table `verification_codes__new` rename to `verification_codes`;');
    this.addSql('create index `verification_codes_user_index` on `verification_codes` (`user_id`);');
    this.addSql('create index `verification_codes_message_sid_index` on `verification_codes` (`message_sid`);');

    this.addSql(
      "create table `code_requests__new` (`id` integer not null primary key autoincrement, `email` text null, `phone` text null, `purpose` text check (`purpose` in ('signup', 'password-reset', 'sign-in')) not null, `attempts` integer not null default 0, `next_attempt_at` datetime not null, `created_at` datetime not null, `channel` text check (`channel` in ('sms', 'call', 'whatsapp')) null);",
    );
    this.addSql(
      'insert into `code_requests__new` (`id`, `email`, `purpose`, `attempts`, `next_attempt_at`, `created_at`, `channel`) select `id`, `email`, `purpose`, `attempts`, `next_attempt_at`, `created_at`, `channel` from `code_requests`;',
    );
    this.addSql('drop table `code_requests`;');
    this.addSql('alter table `code_requests__new` rename to `code_requests`;');
    this.addSql('create index `code_requests_next_attempt_at_index` on `code_requests` (`next_attempt_at`);');
  }
}
