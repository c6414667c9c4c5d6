import { Migration } from '@mikro-orm/migrations';

export class Migration20261206040000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`sms_deliveries\` (\`sid\` text not null, \`channel\` text check (\`channel\` in ('sms', 'call', 'whatsapp')) not null, \`country\` text not null, \`status\` text not null, \`status_rank\` integer not null, \`error_code\` integer null, \`created_at\` datetime not null, \`updated_at\` datetime not null, primary key (\`sid\`));`,
    );
    this.addSql(`create index \`sms_deliveries_created_at_index\` on \`sms_deliveries\` (\`created_at\`);`);
    this.addSql(
      `alter table \`dev_outbox_messages\` add column \`channel\` text check (\`channel\` in ('sms', 'call', 'whatsapp')) not null default 'sms';`,
    );
    this.addSql(`alter table \`sms_delivery_attempts\` add column \`provider_sid\` text null;`);
    this.addSql(`alter table \`verification_codes\` add column \`message_sid\` text null;`);
    this.addSql(`alter table \`verification_codes\` add column \`fallback\` text null;`);
    this.addSql(`alter table \`verification_codes\` add column \`fallback_at\` datetime null;`);
    this.addSql(`create index \`verification_codes_message_sid_index\` on \`verification_codes\` (\`message_sid\`);`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists \`sms_deliveries\`;`);
    this.addSql(`alter table \`dev_outbox_messages\` drop column \`channel\`;`);
    this.addSql(`alter table \`sms_delivery_attempts\` drop column \`provider_sid\`;`);
    this.addSql(`drop index \`verification_codes_message_sid_index\`;`);
    this.addSql(`alter table \`verification_codes\` drop column \`message_sid\`;`);
    this.addSql(`alter table \`verification_codes\` drop column \`fallback\`;`);
    this.addSql(`alter table \`verification_codes\` drop column \`fallback_at\`;`);
  }
}
