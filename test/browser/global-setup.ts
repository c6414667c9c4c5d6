import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Builds web/ into dist/web once per test run, unless the build there is of the same sources. */
export default function buildWebApp(): void {
  const root = join(__dirname, '..', '..');
  execFileSync(process.execPath, [join(root, 'web', 'build-if-stale.mjs')], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, SERVE_WEB: 'true', WEB_ROOT: '' },
  });
}
