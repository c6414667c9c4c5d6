import { Migration } from '@mikro-orm/migrations';

/** The audit log: who did what to which account; no foreign key, so it outlives the account. */
export class Migration20261209010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "audit_events" ("id" uuid not null, "at" timestamptz not null, "type" text not null, "user_id" uuid null, "actor" text not null, "outcome" text not null, "ip" text null, "user_agent" text null, "detail" text null, constraint "audit_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "audit_events_at_index" on "audit_events" ("at");`);
    this.addSql(`create index "audit_events_user_id_at_index" on "audit_events" ("user_id", "at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "audit_events" cascade;`);
  }
}
