import { describe, expect, it } from 'vitest';
import { ChangePasswordDocument } from '../../client/generated/graphql';
import { expectAccessible } from './support/axe';
import { useBrowser, watchForPageProblems } from './support/browser';
import { fillSignIn } from './support/forms';
import { useWebApp } from './support/web-app';

const ENDED = 'Your session ended. You may have been signed out from another device or after a password change.';

describe('a session ended elsewhere', () => {
  const web = useWebApp();
  const browser = useBrowser();

  it('says on the sign-in page why the account page sent a signed-in device there', async () => {
    const { input: person, token } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(`${web.origin}/sign-in`);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();

    // Another device changes the password: every other session ends, this browser's among them.
    const { changePassword } = await web.t.execute(
      ChangePasswordDocument,
      { input: { currentPassword: person.password, newPassword: 'a brand new passphrase' } },
      { token },
    );
    expect(changePassword.errors).toEqual([]);
    await page.reload();
    await page.waitForURL(`${web.origin}/sign-in`);
    await page.getByRole('status').getByText(ENDED, { exact: true }).waitFor();
    await expectAccessible(page, 'sign in, the session ended elsewhere');

    // Said once: signing in and out by choice leaves nothing to explain.
    await fillSignIn(page, { email: person.email, password: 'a brand new passphrase' });
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
    await page.goto(`${web.origin}/account`);
    await page.waitForURL(`${web.origin}/sign-in`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByText(ENDED).count()).toBe(0);
    expect(problems).toEqual([]);
  });
});
