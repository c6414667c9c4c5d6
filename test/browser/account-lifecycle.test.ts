import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../support/clock';
import { aPerson } from '../support/test-app';
import { MeDocument, type RegisterUserInput } from '../../client/generated/graphql';
import { descriptionOf, useBrowser, watchForPageProblems } from './support/browser';
import { exact, fillSignIn, fillSignUp } from './support/forms';
import { useWebApp } from './support/web-app';

const FIREFOX_ON_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';
/** A code that is surely not the one sent. */
const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe('the account lifecycle in a browser', () => {
  // Server time stands still unless a test moves it past a code's cooldown.
  const server = fakeClock(new Date());
  const web = useWebApp({}, { clock: server.clock });
  const browser = useBrowser();

  async function signIn(page: Page, person: RegisterUserInput): Promise<void> {
    await page.goto(`${web.origin}/sign-in`);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
  }

  it('resets a forgotten password with the code texted to the phone, signs in, and the new password works', async () => {
    const { input: person, user, token } = await web.t.registerVerified();
    // The signup code's 30 s cooldown on this phone is over.
    server.advance(31_000);
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(`${web.origin}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?', exact: true }).click();
    await page.waitForURL(`${web.origin}/forgot-password`);

    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send reset code', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(
        'If a verified account has this email, a code is sent to its phone. If none arrives, ask again in 30 seconds.',
      )
      .waitFor();
    await browser.screenshot(page, 'forgot-password');
    // The code goes out after the answer, as the API answers alike for every email.
    await web.t.app.settled();
    const code = await web.t.latestCode(user.phoneNumber);

    const codeInput = page.getByLabel('Reset code', exact);
    await codeInput.fill(wrongCode(code));
    await page.getByLabel('New password', exact).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await page.getByText('That code is not right. Check the text message and try again.').waitFor();
    expect(await descriptionOf(codeInput)).toBe('That code is not right. Check the text message and try again.');
    await browser.screenshot(page, 'forgot-password-wrong-code');

    await codeInput.fill(code);
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(await page.getByRole('status').innerText()).toBe(
      'Your password is changed. Every other device was signed out.',
    );
    // The session the signup opened is gone.
    expect((await web.t.execute(MeDocument, {}, { token })).me).toBeNull();

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
    await fillSignIn(page, person);
    await page.getByText('That email and password do not match an account.').waitFor();
    await fillSignIn(page, { email: person.email, password: 'a brand new passphrase' });
    await page.waitForURL(`${web.origin}/account`);
    expect(problems).toEqual([]);
  });

  it('lists the sessions with this device marked, revokes another device, and signs out everywhere', async () => {
    // The signup's own session, opened by a client that sent no user agent.
    const { input: person, token } = await web.t.registerVerified();
    const laptop = await browser.newPage({ userAgent: FIREFOX_ON_WINDOWS });
    await signIn(laptop, person);
    const page = await browser.newPage();
    await signIn(page, person);

    const sessions = page.getByRole('region', { name: 'Your sessions' });
    await sessions.getByText('Firefox on Windows', exact).waitFor();
    const rows = sessions.getByRole('listitem');
    expect(await rows.count()).toBe(3);
    const thisDevice = rows.filter({ hasText: 'This device' });
    expect(await thisDevice.getByText('Chrome on Linux', exact).isVisible()).toBe(true);
    // This device ends its session with "Sign out"; the others each have a button of their own.
    expect(await thisDevice.getByRole('button').count()).toBe(0);
    expect(
      await rows
        .filter({ hasText: 'Unknown device' })
        .getByRole('button', { name: /^Revoke Unknown device, signed in / })
        .isVisible(),
    ).toBe(true);
    expect(await thisDevice.innerText()).toMatch(/^Chrome on Linux This device\s+Signed in .+\s+Last active .+/);
    await browser.screenshot(page, 'account-sessions');

    await sessions.getByRole('button', { name: /^Revoke Firefox on Windows, signed in / }).click();
    await sessions.getByText('Firefox on Windows', exact).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(2);
    await laptop.reload();
    await laptop.waitForURL(`${web.origin}/sign-in`);

    await sessions.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
    expect(await page.getByRole('status').innerText()).toBe('You are signed out on every device.');
    expect((await web.t.execute(MeDocument, {}, { token })).me).toBeNull();
    await page.goto(`${web.origin}/account`);
    await page.waitForURL(`${web.origin}/sign-in`);
  });

  it('changes the phone number: the current password first, then the code texted to the new number', async () => {
    const { input: person, user } = await web.t.registerVerified();
    const newNumber = aPerson().phoneNumber;
    const newPhone = `+1${newNumber}`;
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await signIn(page, person);

    const section = page.getByRole('region', { name: 'Change phone number' });
    const password = section.getByLabel('Current password', exact);
    await password.fill('not my password at all');
    await section.getByLabel('Country code', exact).fill('1');
    await section.getByLabel('New phone number', exact).fill(newNumber);
    await section.getByRole('button', { name: 'Send code', exact: true }).click();
    await section.getByText('That is not your current password.').waitFor();
    expect(await descriptionOf(password)).toBe('That is not your current password.');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await browser.screenshot(page, 'account-phone-change-wrong-password');

    await password.fill(person.password);
    await section.getByRole('button', { name: 'Send code', exact: true }).click();
    await section.getByRole('status').getByText(`We texted a code to +1 ${newNumber}.`).waitFor();
    const code = await web.t.latestCode(newPhone);
    const codeInput = section.getByLabel('Code from the new number', exact);
    await codeInput.fill(wrongCode(code));
    await section.getByRole('button', { name: 'Confirm new number', exact: true }).click();
    await section.getByText('That code is not right. Check the text message and try again.').waitFor();
    expect(await descriptionOf(codeInput)).toBe('That code is not right. Check the text message and try again.');
    await browser.screenshot(page, 'account-phone-change-code');

    await codeInput.fill(code);
    await section.getByRole('button', { name: 'Confirm new number', exact: true }).click();
    await section.getByRole('status').getByText(`Your phone number is now ${newPhone}.`).waitFor();
    expect(await page.locator('dl').innerText()).toContain(newPhone);
    await page.reload();
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(await page.locator('dl').innerText()).toContain(newPhone);
    await web.t.app.settled();
    expect((await web.t.messagesTo(user.phoneNumber))[0]).toContain(
      'The phone number on your account was just changed.',
    );
    expect(problems).toEqual([]);
  });

  it('deletes the account after the password and a tick; the account page then sends to sign in, and the email signs up again', async () => {
    const { input: person } = await web.t.registerVerified();
    const page = await browser.newPage();
    await signIn(page, person);

    const section = page.getByRole('region', { name: 'Delete account' });
    const password = section.getByLabel('Password to confirm deletion', exact);
    const understood = section.getByLabel('I understand this cannot be undone', exact);
    const deleteButton = section.getByRole('button', { name: 'Delete my account', exact: true });
    await password.fill(person.password);
    await deleteButton.click();
    await section.getByText('Tick this box to delete your account.').waitFor();
    expect(await descriptionOf(understood)).toBe('Tick this box to delete your account.');

    await understood.check();
    await password.fill('not my password at all');
    await deleteButton.click();
    await section.getByText('That is not your current password.').waitFor();
    expect(await descriptionOf(password)).toBe('That is not your current password.');
    await browser.screenshot(page, 'account-delete');

    await password.fill(person.password);
    await deleteButton.click();
    await page.waitForURL(`${web.origin}/`);
    expect(await page.getByRole('status').innerText()).toBe(
      'Your account was deleted, with everything we kept about it.',
    );
    await browser.screenshot(page, 'account-deleted');
    await page.goto(`${web.origin}/account`);
    await page.waitForURL(`${web.origin}/sign-in`);

    // The same person again, once the phone's code cooldown from the first signup is over.
    server.advance(31_000);
    await page.goto(`${web.origin}/`);
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/verify`);
    expect(await page.getByText(`We texted a 6-digit code to +1${person.phoneNumber}.`).isVisible()).toBe(true);
  });
});
