import { Migration } from '@mikro-orm/migrations';

/** The webhooks' outbox: each event for each endpoint, written with the change it reports. */
export class Migration20261209020000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "webhook_events" ("id" text not null, "endpoint" text not null, "type" text not null, "payload" text not null, "status" text check ("status" in ('pending', 'delivered', 'failed')) not null default 'pending', "attempts" int not null default 0, "next_attempt_at" timestamptz not null, "last_error" text null, "created_at" timestamptz not null, "delivered_at" timestamptz null, constraint "webhook_events_pkey" primary key ("id"));`,
    );
    this.addSql(`create index "webhook_events_status_index" on "webhook_events" ("status");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "webhook_events" cascade;`);
  }
}
