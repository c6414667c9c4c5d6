import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { Route } from './http-server';
import { sendJson } from './send-json';

/** The bundle's own scripts and styles, and its own API: nothing inline, from elsewhere, or framing it. */
export const WEB_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

/** Vite names what it writes under assets/ by content hash: a new build gets new names. */
const HASHED_ASSETS = /^\/assets\//;

/** The admin console's page in the same build: only the admin listener serves it (src/http/admin-server.ts). */
export const ADMIN_CONSOLE_FILE = '/admin.html';

/**
 * The built web app, read once at start: every file at its own path, and index.html at each page's
 * path so a reload lands on the same page. Undefined when there is no build at `root`. The admin
 * console's page is left out unless `withConsole`: the public port has no use for it.
 */
export function webAppRoutes(
  root: string,
  pagePaths: readonly string[],
  { withConsole = false } = {},
): Record<string, Route> | undefined {
  if (!existsSync(join(root, 'index.html'))) return undefined;
  const routes: Record<string, Route> = {};
  for (const path of filesUnder(root, '')) {
    if (path !== ADMIN_CONSOLE_FILE || withConsole) routes[path] = serve(path, readFileSync(join(root, path)));
  }
  for (const page of pagePaths) routes[page] = routes['/index.html'];
  return routes;
}

function filesUnder(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(root, `${dir}/${entry.name}`) : [`${dir}/${entry.name}`]));
}

function serve(path: string, body: Buffer): Route {
  const type = CONTENT_TYPES[extname(path)] ?? 'application/octet-stream';
  const caching = {
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
    'cache-control': HASHED_ASSETS.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  const headers: Record<string, string | number> = {
    ...caching,
    'content-type': type,
    'content-length': body.length,
    'x-content-type-options': 'nosniff',
    ...(type.startsWith('text/html') && {
      'content-security-policy': WEB_CONTENT_SECURITY_POLICY,
      'referrer-policy': 'same-origin',
      'cross-origin-opener-policy': 'same-origin',
    }),
  };
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('allow', 'GET, HEAD');
      return sendJson(res, 405, { error: 'Use GET.' });
    }
    if (req.headers['if-none-match'] === caching.etag) {
      res.writeHead(304, caching);
      return void res.end();
    }
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  };
}
