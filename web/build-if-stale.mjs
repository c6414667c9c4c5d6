// Builds the web app into dist/web unless the build there was made from exactly these sources, so
// `npm start` on a fresh clone serves the pages and a restart with nothing changed costs no build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'dist', 'web');
const stampFile = join(outDir, '.inputs-sha256');
/**
 * Everything the bundle is made from: the app with its typed documents, the server's files it
 * imports (the page paths, and the password estimator, so the form judges as the server does), and
 * the exact dependency versions.
 */
const INPUTS = ['web', 'src/http/web-pages.ts', 'src/users/password-strength.ts', 'package-lock.json'];

function filesUnder(path) {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => filesUnder(join(path, name)));
}

function inputsDigest() {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesUnder(join(root, input))).sort()) {
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0');
  }
  return hash.digest('hex');
}

export async function buildWebIfStale() {
  const digest = inputsDigest();
  const fresh =
    ['index.html', 'admin.html', '.inputs-sha256'].every((file) => existsSync(join(outDir, file))) &&
    readFileSync(stampFile, 'utf8') === digest;
  if (fresh) return false;
  console.log('Building the web app (web/ into dist/web)…');
  // Always the production bundle, which `npm start` then serves: with NODE_ENV=test, as under
  // vitest, Vite would bundle React's development build, twice the size and slower, with its warnings.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    const { build } = await import('vite');
    await build({ configFile: join(root, 'web', 'vite.config.mts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  writeFileSync(stampFile, digest);
  return true;
}

/** What src/config/config.ts decides: the bundle is served outside production, or with SERVE_WEB=true, from dist/web unless WEB_ROOT says otherwise. */
function serverServesThisBuild(env) {
  const serve = env.SERVE_WEB?.trim() ? ['true', '1'].includes(env.SERVE_WEB.trim()) : env.NODE_ENV !== 'production';
  return serve && !env.WEB_ROOT?.trim();
}

if (import.meta.url === pathToFileURL(process.argv[1]).href && serverServesThisBuild(process.env)) {
  await buildWebIfStale();
}
