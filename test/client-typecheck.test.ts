import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(__dirname, '..');
const fixture = 'test/fixtures/client-consumer';
const tsc = join(root, 'node_modules/typescript/bin/tsc');

/**
 * Another package that copied client/generated, as the README suggests, compiled by the real tsc
 * under each module setting a front end may use. The package's `type` decides whether Node's
 * resolution treats the copy as ESM (which needs file extensions) or CommonJS, so each setting is
 * a package of its own, with the copy and the consumer at their paths in this repository.
 */
function consumerPackage(dir: string, setting: string): string {
  const pkg = join(dir, setting);
  cpSync(join(root, fixture, setting), pkg, { recursive: true });
  for (const path of ['client/generated', `${fixture}/consumer.ts`])
    cpSync(join(root, path), join(pkg, path), { recursive: true });
  return pkg;
}

describe('the generated client compiles in a consumer package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'avg-client-'));
  // The type-only import of @graphql-typed-document-node/core resolves as in the consumer's install.
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // A tsc run takes a few seconds alone; these three share the machine with the rest of the suite.
  it.concurrent.each([
    ['esm', 'module: nodenext, "type": "module"'],
    ['cjs', 'module: nodenext, "type": "commonjs"'],
    ['bundler', 'moduleResolution: bundler'],
  ])('%s: %s', { timeout: 60_000 }, async (setting) => {
    const pkg = consumerPackage(dir, setting);
    const result = await run(process.execPath, [tsc, '-p', pkg]).catch((failure: { stdout: string }) => failure);
    expect(result.stdout).toBe('');
  });
});
