import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MeDocument } from '../../client/generated/graphql';
import { WEB_CONTENT_SECURITY_POLICY } from '../../src/http/web-app.route';
import { expectAccessible } from './support/axe';
import { useBrowser, watchForPageProblems } from './support/browser';
import { useWebApp } from './support/web-app';

const TOKEN = randomBytes(24).toString('base64url');

describe('the admin console, on the admin port', () => {
  const web = useWebApp({ ADMIN_PORT: '0', ADMIN_TOKEN: TOKEN, FRAUD_GUARD: 'monitor' });
  const browser = useBrowser();
  const adminOrigin = () => new URL(web.t.adminUrl!).origin;

  it('serves its page without the token, under the public pages’ CSP, while the API still needs it', async () => {
    const page = await fetch(`${adminOrigin()}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(WEB_CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${adminOrigin()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ users(search: "a") { nodes { id } } }' }),
    });
    expect(api.status).toBe(401);
  });

  it('takes the token, finds a user, opens them and ends their sessions with a reason', async () => {
    const { input: person, token: userToken } = await web.t.registerVerified({ name: 'Console Person' });
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(`${adminOrigin()}/`);
    await page.getByRole('heading', { name: 'Admin token' }).waitFor();
    await expectAccessible(page, 'the token screen');

    // A wrong token is refused, and the operator stays on the token screen, told why.
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('alert').getByText('The admin token was refused.').waitFor();
    await expectAccessible(page, 'the token screen, token refused');

    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
    // Kept for this tab only: never in localStorage or a cookie.
    expect(await page.evaluate("sessionStorage.getItem('admin-token')")).toBe(TOKEN);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await page.context().cookies()).toEqual([]);
    await expectAccessible(page, 'user search');

    await page.getByLabel('Search').fill(person.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Console Person' }).click();
    await page.getByRole('heading', { name: 'Console Person' }).waitFor();
    await expect.poll(() => page.getByRole('table', { name: 'Sessions' }).getByRole('row').count()).toBe(2);
    await expectAccessible(page, 'a user');

    await page.getByLabel('Reason for revoking sessions').fill('ticket 1235: lost phone');
    await page.getByRole('button', { name: 'Revoke sessions' }).click();
    await page.getByRole('status').getByText('Ended 1 session.').waitFor();
    await page.getByText('No live sessions.').waitFor();
    await page.getByRole('table', { name: 'Audit events' }).getByText('ticket 1235: lost phone').waitFor();
    await expectAccessible(page, 'a user, sessions revoked');
    const { me } = await web.t.execute(MeDocument, {}, { token: userToken });
    expect(me).toBeNull();

    await page.getByRole('link', { name: 'Conversion' }).click();
    await page.getByRole('heading', { name: 'Conversion per country' }).waitFor();
    // The code the user was sent counts in their country's row.
    const rows = page.getByRole('table', { name: 'Conversion per country' }).getByRole('row');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await expectAccessible(page, 'conversion');

    // The token goes stale (rotated): the next call sends the operator back to paste it again.
    await page.evaluate("sessionStorage.setItem('admin-token', 'rotated-away')");
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByLabel('Search').fill('Console');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('alert').getByText('The admin token was refused.').waitFor();
    await page.getByLabel('Admin token').waitFor();
    expect(await page.evaluate("sessionStorage.getItem('admin-token')")).toBeNull();
    expect(problems).toEqual([]);
  });

  it('verifies by hand an account whose code never came, asking for the reason first', async () => {
    const { input: person } = await web.t.register({ name: 'Unverified Person' });
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(`${adminOrigin()}/`);
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByLabel('Search').fill(person.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'Unverified Person' }).click();
    await page.getByRole('heading', { name: 'Unverified Person' }).waitFor();

    // No reason, no change: the console says so before asking the API.
    await page.getByRole('button', { name: 'Verify by hand' }).click();
    await page.getByRole('alert').getByText('Give a reason: it goes into the audit log.').waitFor();
    await expectAccessible(page, 'a user, verification without a reason');

    await page.getByLabel('Reason for verifying by hand').fill('ticket 1234: texts to their carrier fail');
    await page.getByRole('button', { name: 'Verify by hand' }).click();
    await page.getByRole('status').getByText('Verified by hand.').waitFor();
    await page
      .getByRole('table', { name: 'Audit events' })
      .getByText('ticket 1234: texts to their carrier fail')
      .waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Verify by hand' }).count()).toBe(0);
    await browser.screenshot(page, 'admin-console-user');
    await expectAccessible(page, 'a user, verified by hand');
    expect(problems).toEqual([]);
  });

  it('adds nothing to the public first page', async () => {
    const html = await (await fetch(`${web.origin}/`)).text();
    const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+)"/g)].map(
      (match) => match[1],
    );
    const code = (await Promise.all(files.map(async (src) => (await fetch(new URL(src, web.origin))).text()))).join('');
    expect(code).not.toContain('The admin token was refused.');
    // The console's page is the admin port's alone.
    expect((await fetch(`${web.origin}/admin.html`)).status).toBe(404);
  });
});
