import { Migration } from '@mikro-orm/migrations';

/**
 * Codes to sign in with and codes for a sign-in's second step, each bound to its purpose, and
 * requests for a sign-in code by phone number as well as by email.
 */
export class Migration20261210010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "verification_codes" drop constraint if exists "verification_codes_purpose_check";`);
    this.addSql(
      `alter table "verification_codes" add constraint "verification_codes_purpose_check" check ("purpose" in ('signup', 'password-reset', 'phone-change', 'sign-in', 'two-step'));`,
    );
    this.addSql(`alter table "code_requests" drop constraint if exists "code_requests_purpose_check";`);
    this.addSql(
      `alter table "code_requests" add constraint "code_requests_purpose_check" check ("purpose" in ('signup', 'password-reset', 'sign-in'));`,
    );
    this.addSql(`alter table "code_requests" alter column "email" drop not null;`);
    this.addSql(`alter table "code_requests" add column "phone" varchar(255) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "code_requests" drop column "phone";`);
  }
}
