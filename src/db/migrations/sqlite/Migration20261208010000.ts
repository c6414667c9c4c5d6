import { Migration } from '@mikro-orm/migrations';

/** Which texts carried a code: only theirs, reported undelivered, are taken out of the SMS guard's counts. */
export class Migration20261208010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table \`sms_deliveries\` add column \`carries_code\` integer not null default false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`sms_deliveries\` drop column \`carries_code\`;`);
  }
}
