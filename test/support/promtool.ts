import { spawn } from 'node:child_process';

const PROMTOOL = '/usr/bin/promtool';

/**
 * Prometheus's own linter on a scrape, from Debian's `prometheus` package (.ci/run installs it).
 * A machine without it fails the test: a lint that is skipped where it is missing checks nothing.
 */
export async function promtoolCheckMetrics(text: string): Promise<{ exitCode: number | null; output: string }> {
  const child = spawn(PROMTOOL, ['check', 'metrics'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', (error) =>
      reject(new Error(`${PROMTOOL} did not run (apt-get install prometheus): ${error.message}`)),
    );
    child.once('close', resolve);
  });
  child.stdin.end(text);
  return { exitCode: await exited, output };
}
