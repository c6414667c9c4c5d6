import { Migration } from '@mikro-orm/migrations';

/** resendCode and requestPasswordReset take a channel: a request sent after its process stopped must still go by it. */
export class Migration20261207010000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table \`code_requests\` add column \`channel\` text check (\`channel\` in ('sms', 'call', 'whatsapp')) null;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`alter table \`code_requests\` drop column \`channel\`;`);
  }
}
