import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWebApp } from './support/web-app';

/** A warning the estimator gives, so it is in whichever file holds the estimator. */
const ESTIMATOR_TEXT = 'Straight rows of keys on a keyboard are easy to guess.';

/**
 * The bundle the test run builds is the one `npm start` serves afterwards (build-if-stale sees the
 * same sources). Under vitest NODE_ENV is "test", which once made Vite bundle React's development
 * build: 515 KB instead of 295 KB, slower, and with its warnings.
 */
describe('the web bundle in dist/web', () => {
  const web = useWebApp();

  it("is React's production build, small enough for a phone on a slow network", async () => {
    const page = await (await fetch(`${web.origin}/`)).text();
    // Everything the first page loads before it runs: its scripts and the modules they preload.
    const files = [...page.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+)"/g)].map(
      (match) => match[1],
    );
    expect(files.length).toBeGreaterThan(0);
    const code = (await Promise.all(files.map(async (src) => (await fetch(new URL(src, web.origin))).text()))).join(
      '\n',
    );
    // A warning only React's development build carries, and the error links only its production build has.
    expect(code).not.toContain('should have a unique "key" prop');
    expect(code).toContain('Minified React error');
    // zxcvbn and its dictionaries (460 KB) come only when a new password is typed.
    expect(code).not.toContain(ESTIMATOR_TEXT);
    const bytes = Buffer.byteLength(code);
    // About 300 KB of React, urql and the pages, and 120 KB of libphonenumber-js with its smallest
    // metadata, which every page that shows a phone needs at once.
    expect(bytes).toBeLessThan(440_000);
  });

  it('keeps the password estimator in a chunk of its own, fetched when a password is typed', async () => {
    const chunks = readdirSync(join(__dirname, '..', '..', 'dist', 'web', 'assets')).filter((name) =>
      name.startsWith('password-strength-'),
    );
    expect(chunks).toHaveLength(1);
    const code = await (await fetch(`${web.origin}/assets/${chunks[0]}`)).text();
    expect(code).toContain(ESTIMATOR_TEXT);
  });
});
