import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('npm run simulate:pumping', () => {
  it('drives the mix against a server it starts, and prints what the attack got and what real people got', async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'bench/simulate-pumping.ts'],
      { cwd: join(__dirname, '..'), env: { PATH: process.env.PATH } },
    );
    const sent = Number(/codes sent to the attacked prefix: (\d+); money spent on them: [\d.]+ USD/.exec(stdout)?.[1]);
    expect(sent).toBeGreaterThan(0);
    expect(sent).toBeLessThanOrEqual(30);
    expect(stdout).toContain('real users refused or challenged: 0 of 243');
    expect(stdout).toMatch(/^\| bot, 200 IPs, fresh prefix \+44 795, never verifies \| 1000 \| \d+ \|/m);
  }, 180_000);
});
