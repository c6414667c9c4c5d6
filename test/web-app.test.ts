import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { parse, visit } from 'graphql';
import { format, resolveConfig } from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';
import webCodegenConfig from '../web/codegen';
import {
  ChangePasswordDocument,
  LoginDocument,
  LogoutEverywhereDocument,
  MeDocument,
  RegisterUserDocument,
  VerifyUserDocument,
} from '../web/src/graphql/generated/graphql';
import { cookiePair, postGraphQL } from './support/http-client';
import { startRig, type Rig } from './support/rig';
import { aPerson, startTestApp, useTestApp } from './support/test-app';

const root = join(__dirname, '..');
const webDocuments = join(root, 'web', 'src', 'graphql');

/** A bundle laid out as Vite writes it: index.html, hashed assets, and a public file. */
function fakeBundle(): string {
  const root = mkdtempSync(join(tmpdir(), 'avg-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(
    join(root, 'index.html'),
    '<!doctype html><title>Tutorial</title><script type="module" src="/assets/index-AbC123.js"></script>',
  );
  writeFileSync(join(root, 'assets', 'index-AbC123.js'), 'console.log("app")');
  writeFileSync(join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(root, '.inputs-sha256'), 'not for the web');
  return root;
}

describe('the web app served at /', () => {
  const root = fakeBundle();
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const t = useTestApp({ WEB_ROOT: root });

  it('answers every page path with index.html under a strict Content-Security-Policy, revalidated on each load', async () => {
    for (const path of ['/', '/verify', '/account', '/sign-in', '/forgot-password', '/index.html']) {
      const response = await fetch(`${t.origin}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await response.text()).toContain('<title>Tutorial</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
    }
  });

  it('caches hashed assets for a year, and answers a matching ETag with 304', async () => {
    const asset = await fetch(`${t.origin}/assets/index-AbC123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('x-content-type-options')).toBe('nosniff');
    const again = await fetch(`${t.origin}/`, {
      headers: { 'if-none-match': (await fetch(`${t.origin}/`)).headers.get('etag')! },
    });
    expect(again.status).toBe(304);
    expect((await fetch(`${t.origin}/favicon.svg`)).headers.get('cache-control')).toBe('no-cache');
  });

  it('serves nothing else: no hidden files, no other paths, no writes', async () => {
    expect((await fetch(`${t.origin}/.inputs-sha256`)).status).toBe(404);
    expect((await fetch(`${t.origin}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${t.origin}/`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${t.origin}/healthz`)).status).toBe(200);
  });
});

describe('the web app in production', () => {
  const root = fakeBundle();
  const rigs: Rig[] = [];
  const start = async (env: Record<string, string>) => {
    const rig = await startRig('local', 'twilio', { env: { NODE_ENV: 'production', WEB_ROOT: root, ...env } });
    rigs.push(rig);
    return new URL(rig.t.url).origin;
  };
  afterAll(async () => {
    await Promise.all(rigs.map((rig) => rig.close()));
    rmSync(root, { recursive: true, force: true });
  });

  it('is not served unless SERVE_WEB=true', async () => {
    expect((await fetch(`${await start({})}/`)).status).toBe(404);
    const served = await fetch(`${await start({ SERVE_WEB: 'true' })}/`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});

describe('the web app not built', () => {
  it('leaves / unanswered and the API up', async () => {
    const t = await startTestApp({ WEB_ROOT: join(tmpdir(), 'avg-no-such-bundle') });
    const origin = new URL(t.url).origin;
    expect(t.app.servesWeb).toBe(false);
    expect((await fetch(`${origin}/`)).status).toBe(404);
    expect((await fetch(`${origin}/healthz`)).status).toBe(200);
    await t.close();
  });
});

describe("the web app's GraphQL documents", () => {
  it('ask for no session token: the page has its session in the HttpOnly cookie only', () => {
    const asked: string[] = [];
    for (const file of readdirSync(webDocuments).filter((name) => name.endsWith('.graphql'))) {
      visit(parse(readFileSync(join(webDocuments, file), 'utf8')), {
        Field: (field) => void (field.name.value === 'token' && asked.push(file)),
      });
    }
    expect(asked).toEqual([]);
  });

  it('are generated up to date in web/src/graphql/generated (fix: npx graphql-codegen --config web/codegen.ts)', async () => {
    const outputs = await generate({ ...webCodegenConfig, cwd: root, silent: true }, false);
    expect(outputs.length).toBeGreaterThan(0);
    for (const { filename, content } of outputs) {
      const path = join(root, filename);
      // The generator's hook runs Prettier on what it writes.
      const formatted = await format(content, { ...(await resolveConfig(path)), filepath: path });
      expect(readFileSync(path, 'utf8'), filename).toBe(formatted);
    }
  });
});

describe('the API with the session cookie alone', () => {
  const t = useTestApp();

  it('signs up, verifies, signs in, changes the password and signs out everywhere with no token in any body', async () => {
    const person = aPerson();
    const registered = await postGraphQL(t.url, RegisterUserDocument, { input: person });
    expect(registered.data.registerUser.errors).toEqual([]);
    const code = await t.latestCode(registered.data.registerUser.user!.phoneNumber);
    const verified = await postGraphQL(t.url, VerifyUserDocument, { input: { email: person.email, code } });
    expect(verified.data.verifyUser.errors).toEqual([]);
    const signupCookie = cookiePair(verified.response);
    expect(signupCookie).toMatch(/^session=.+/);
    expect(verified.response.headers.get('set-cookie')).toMatch(/HttpOnly/);

    const login = await postGraphQL(t.url, LoginDocument, {
      input: { email: person.email, password: person.password },
    });
    expect(login.data.login.errors).toEqual([]);
    const cookie = cookiePair(login.response);
    expect((await postGraphQL(t.url, MeDocument, {}, { cookie })).data.me?.email).toBe(person.email);

    const newPassword = 'a brand new passphrase';
    const changed = await postGraphQL(
      t.url,
      ChangePasswordDocument,
      { input: { currentPassword: person.password, newPassword } },
      { cookie },
    );
    expect(changed.data.changePassword.errors).toEqual([]);
    // The other session ended; this one stays.
    expect((await postGraphQL(t.url, MeDocument, {}, { cookie: signupCookie })).data.me).toBeNull();
    expect((await postGraphQL(t.url, MeDocument, {}, { cookie })).data.me?.email).toBe(person.email);

    const everywhere = await postGraphQL(t.url, LogoutEverywhereDocument, {}, { cookie });
    expect(everywhere.data.logoutEverywhere).toEqual({ loggedOut: true, errors: [] });
    expect((await postGraphQL(t.url, MeDocument, {}, { cookie })).data.me).toBeNull();
    for (const { body } of [registered, verified, login, changed, everywhere]) {
      expect(JSON.stringify(body)).not.toMatch(/token/i);
    }
  });
});
