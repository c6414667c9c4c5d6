import { print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { LoginDocument, MeDocument } from '../../client/generated/graphql';
import { useBrowser } from './support/browser';
import { usePageServer } from './support/page-server';
import { useWebApp } from './support/web-app';

/** In the page: sign in, then ask who is signed in, with credentials, as a front end's GraphQL client would. */
async function signInAndAskMe(args: {
  url: string;
  login: string;
  me: string;
  input: { email: string; password: string };
}) {
  const post = async (query: string, variables: object) => {
    const response = await fetch(args.url, {
      method: 'POST',
      credentials: 'include',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return response.json();
  };
  try {
    const login = await post(args.login, { input: args.input });
    return { login, me: await post(args.me, {}) };
  } catch (error) {
    return { blocked: String(error) };
  }
}

describe('a front end on another origin', () => {
  const listed = usePageServer();
  const unlisted = usePageServer();
  const web = useWebApp(() => ({ CORS_ORIGINS: `https://app.example.com, ${listed.origin}` }));
  const browser = useBrowser();
  const documents = { login: print(LoginDocument), me: print(MeDocument) };

  it('signs in and reads me with the session cookie when its origin is in CORS_ORIGINS', async () => {
    const { input } = await web.t.registerVerified();
    const page = await browser.newPage();
    await page.goto(`${listed.origin}/`);
    const result = await page.evaluate(signInAndAskMe, {
      url: web.graphqlUrl,
      ...documents,
      input: { email: input.email, password: input.password },
    });
    expect(result).toMatchObject({
      login: { data: { login: { errors: [] } } },
      me: { data: { me: { email: input.email, verified: true } } },
    });
  });

  it('is kept from reading any answer when its origin is not listed', async () => {
    const { input } = await web.t.registerVerified();
    const page = await browser.newPage();
    await page.goto(`${unlisted.origin}/`);
    const result = await page.evaluate(signInAndAskMe, {
      url: web.graphqlUrl,
      ...documents,
      input: { email: input.email, password: input.password },
    });
    expect(result).toEqual({ blocked: 'TypeError: Failed to fetch' });
  });
});
