import { Migration } from '@mikro-orm/migrations';

export class Migration20261206030000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "sms_guard_counts" add column "asked" text not null default '', add column "entered" text not null default '';`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "sms_guard_counts" drop column "asked", drop column "entered";`);
  }
}
