import { describe, expect, it } from 'vitest';
import { useWebApp } from './support/web-app';

/**
 * The bundle the test run builds is the one `npm start` serves afterwards (build-if-stale sees the
 * same sources). Under vitest NODE_ENV is "test", which once made Vite bundle React's development
 * build: 515 KB instead of 295 KB, slower, and with its warnings.
 */
describe('the web bundle in dist/web', () => {
  const web = useWebApp();

  it("is React's production build, small enough for a phone on a slow network", async () => {
    const page = await (await fetch(`${web.origin}/`)).text();
    const scripts = [...page.matchAll(/<script[^>]+src="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    let bytes = 0;
    for (const src of scripts) {
      const code = await (await fetch(new URL(src, web.origin))).text();
      bytes += Buffer.byteLength(code);
      // A warning only React's development build carries, and the error links only its production build has.
      expect(code).not.toContain('should have a unique "key" prop');
      expect(code).toContain('Minified React error');
    }
    expect(bytes).toBeLessThan(400_000);
  });
});
