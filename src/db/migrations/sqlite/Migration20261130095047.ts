import { Migration } from '@mikro-orm/migrations';

export class Migration20261130095047 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table \`rate_limit_counters\` (\`key\` text not null, \`window_start\` integer not null, \`count\` integer not null, primary key (\`key\`));`,
    );
    this.addSql(
      `create index \`rate_limit_counters_window_start_index\` on \`rate_limit_counters\` (\`window_start\`);`,
    );
  }
}
