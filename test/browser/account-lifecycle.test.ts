import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../support/clock';
import { aPerson } from '../support/test-app';
import {
  LoginDocument,
  MeDocument,
  RequestPasswordResetDocument,
  type RegisterUserInput,
} from '../../client/generated/graphql';
import { expectAccessible } from './support/axe';
import { descriptionOf, expectFocus, useBrowser, watchForPageProblems, withServerClock } from './support/browser';
import { exact, fillSignIn, fillSignUp, shownPhone } from './support/forms';
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

  it('resets a forgotten password with the code texted to the phone, counting down to the next request, and the new password works', async () => {
    const { input: person, user, token } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    await page.goto(`${web.origin}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?', exact: true }).click();
    await page.waitForURL(`${web.origin}/forgot-password`);

    const email = page.getByLabel('Email', exact);
    const send = page.getByRole('button', { name: 'Send reset code', exact: true });
    await send.click();
    await page.getByText('Enter the email of your account.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(email)).toBe('Enter the email of your account.');
    await expectFocus(email);
    await expectAccessible(page, 'forgot password, no email');

    await email.fill(person.email);
    await send.click();
    await page
      .getByRole('status')
      .getByText('If a verified account has this email, a code is sent to its phone.')
      .waitFor();
    // Until the email's next request, as the verify page does for its codes.
    const wait = page.locator('#reset-wait');
    expect(await wait.innerText()).toBe('You can ask for a new code in 30 seconds.');
    expect(await send.isDisabled()).toBe(true);
    const codeInput = page.getByLabel('Reset code', exact);
    await expectFocus(codeInput);
    await elapse(10_000);
    expect(await wait.innerText()).toBe('You can ask for a new code in 20 seconds.');
    await browser.screenshot(page, 'forgot-password');
    await expectAccessible(page, 'forgot password, counting down');
    // Password managers save the new password for this account's email.
    const reset = page.getByRole('region', { name: 'Choose a new password' });
    expect(await reset.locator('input[autocomplete="username"]').inputValue()).toBe(person.email);

    // Another tab asks the moment this one may: this page's request is refused, with its wait.
    await elapse(20_000);
    expect(await send.isEnabled()).toBe(true);
    await web.t.execute(RequestPasswordResetDocument, { input: { email: person.email } });
    await send.click();
    const limited = page.getByRole('alert').filter({ hasText: 'Too many attempts.' });
    await limited.waitFor();
    await expectFocus(limited);
    expect(await wait.innerText()).toBe('You can ask for a new code in 30 seconds.');
    expect(await send.isDisabled()).toBe(true);
    await expectAccessible(page, 'forgot password, RATE_LIMITED');
    // The code goes out after the answer, as the API answers alike for every email.
    await web.t.app.settled();
    const code = await web.t.latestCode(user.phoneNumber);

    const newPassword = page.getByLabel('New password', exact);
    await codeInput.fill(wrongCode(code));
    await newPassword.fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await page.getByText('That code is not right. Check the text message and try again.').waitFor();
    expect(await descriptionOf(codeInput)).toBe('That code is not right. Check the text message and try again.');
    await expectFocus(codeInput);
    await browser.screenshot(page, 'forgot-password-wrong-code');
    await expectAccessible(page, 'forgot password, wrong code');

    // The estimate shows as the password is typed, and the server refuses what it calls guessable.
    await codeInput.fill(code);
    await newPassword.fill('password1');
    await reset.getByText('This password is too easy to guess.').waitFor();
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await reset.locator('.field-error').getByText('This password is too easy to guess.').waitFor();
    expect(await newPassword.getAttribute('aria-invalid')).toBe('true');
    await expectFocus(newPassword);
    await expectAccessible(page, 'forgot password, guessable password');

    await newPassword.fill('a brand new passphrase');
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
    await expectFocus(page.getByRole('alert'));
    await expectAccessible(page, 'sign in, wrong password');
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
    await expectAccessible(page, 'account, sessions listed');

    await sessions.getByRole('button', { name: /^Revoke Firefox on Windows, signed in / }).click();
    await sessions.getByText('Firefox on Windows', exact).waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(2);
    // The laptop still shows the account page: its "Sign out everywhere" can end no other session.
    await laptop.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
    await laptop.waitForURL(`${web.origin}/sign-in`);
    expect(await laptop.getByRole('status').innerText()).toBe(
      'Your session on this device had already ended, so your other devices are still signed in. Sign in again to sign them out.',
    );
    await expectAccessible(laptop, 'sign in, after a sign out everywhere from a revoked session');
    expect((await web.t.execute(MeDocument, {}, { token })).me?.email).toBe(person.email);
    await laptop.goto(`${web.origin}/account`);
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
    const newPerson = aPerson();
    const newNumber = newPerson.phoneNumber;
    const newPhone = `+1${newNumber}`;
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await signIn(page, person);

    const section = page.getByRole('region', { name: 'Change phone number' });
    const password = section.getByLabel('Current password', exact);
    // Nothing filled in: the first field the server named has the focus.
    await section.getByRole('button', { name: 'Send code', exact: true }).click();
    await expectFocus(password);
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'account, phone change with errors');
    // A password manager fills the current password for this account's email.
    expect(await section.locator('input[autocomplete="username"]').inputValue()).toBe(person.email);

    await password.fill('not my password at all');
    await section.getByLabel('Country code', exact).fill('1');
    await section.getByLabel('New phone number', exact).fill(newNumber);
    await section.getByRole('button', { name: 'Send code', exact: true }).click();
    await section.getByText('That is not your current password.').waitFor();
    expect(await descriptionOf(password)).toBe('That is not your current password.');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    await expectFocus(password);
    await browser.screenshot(page, 'account-phone-change-wrong-password');

    await password.fill(person.password);
    await section.getByRole('button', { name: 'Send code', exact: true }).click();
    await section
      .getByRole('status')
      .getByText(`We texted a code to ${shownPhone(newPerson)}.`)
      .waitFor();
    const code = await web.t.latestCode(newPhone);
    const codeInput = section.getByLabel('Code from the new number', exact);
    await codeInput.fill(wrongCode(code));
    await section.getByRole('button', { name: 'Confirm new number', exact: true }).click();
    await section.getByText('That code is not right. Check the text message and try again.').waitFor();
    expect(await descriptionOf(codeInput)).toBe('That code is not right. Check the text message and try again.');
    await expectFocus(codeInput);
    await browser.screenshot(page, 'account-phone-change-code');
    await expectAccessible(page, 'account, phone change with a wrong code');

    await codeInput.fill(code);
    await section.getByRole('button', { name: 'Confirm new number', exact: true }).click();
    await section
      .getByRole('status')
      .getByText(`Your phone number is now ${shownPhone(newPerson)}.`)
      .waitFor();
    expect(await page.locator('dl').innerText()).toContain(shownPhone(newPerson));
    await page.reload();
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(await page.locator('dl').innerText()).toContain(shownPhone(newPerson));
    await web.t.app.settled();
    expect((await web.t.messagesTo(user.phoneNumber))[0]).toContain(
      'The phone number on your account was just changed.',
    );
    expect(problems).toEqual([]);
  });

  it('changes the password with the current one, showing the estimate as the new one is typed; other devices are signed out', async () => {
    const { input: person, token } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await signIn(page, person);

    const section = page.getByRole('region', { name: 'Change password' });
    expect(await section.locator('input[autocomplete="username"]').inputValue()).toBe(person.email);
    const current = section.getByLabel('Current password', exact);
    const newPassword = section.getByLabel('New password', exact);
    const change = section.getByRole('button', { name: 'Change password', exact: true });
    // Strong for anyone else: "Ada Lovelace" is the account's own name.
    await newPassword.fill('adalovelace1815');
    await section.getByText('It contains your name or email address').waitFor();
    expect(await descriptionOf(newPassword)).toContain('This password is too easy to guess.');
    expect(Number(await section.locator('meter').getAttribute('value'))).toBeLessThan(3);
    await expectAccessible(page, 'account, a guessable new password typed');

    await newPassword.fill('a brand new passphrase');
    await section.getByText('Very strong password.').waitFor();
    await current.fill('not my password at all');
    await change.click();
    await section.getByText('That is not your current password.').waitFor();
    expect(await descriptionOf(current)).toBe('That is not your current password.');
    await expectFocus(current);
    await expectAccessible(page, 'account, password change with a wrong current password');

    await current.fill(person.password);
    await newPassword.fill('a brand new passphrase');
    await change.click();
    await section.getByRole('status').getByText('Your password is changed.').waitFor();
    // This device stays signed in; the signup's session is gone, and the list says so.
    expect((await web.t.execute(MeDocument, {}, { token })).me).toBeNull();
    const sessions = page.getByRole('region', { name: 'Your sessions' }).getByRole('listitem');
    await expect.poll(() => sessions.count()).toBe(1);
    expect(await current.inputValue()).toBe('');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
    await fillSignIn(page, { email: person.email, password: 'a brand new passphrase' });
    await page.waitForURL(`${web.origin}/account`);
    expect(problems).toEqual([]);
  });

  it('fits a 375 px phone: a long email, name and user agent wrap inside the cards', async () => {
    const { input: person } = await web.t.registerVerified({
      name: 'Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaft',
      email: 'hubert.blaine.wolfeschlegelsteinhause@ex.com',
    });
    expect(person.email).toHaveLength(44);
    // A client that names itself with one long word is shown as it named itself.
    await web.t.execute(
      LoginDocument,
      { input: { email: person.email, password: person.password } },
      { userAgent: 'AnInHouseSynchronisationAgentWithAVeryLongName/12.4.1-build.20261130' },
    );
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await signIn(page, person);
    await page.getByText('AnInHouseSynchronisationAgent', { exact: false }).waitFor();

    // The page as a whole, and each card and box in it.
    const overflowing = await page
      .locator('html, main, section, dl, dd, li, .alert, .notice')
      .evaluateAll((elements) =>
        elements
          .filter((element) => element.scrollWidth > element.clientWidth)
          .map((element) => `${element.tagName.toLowerCase()}: ${element.scrollWidth} > ${element.clientWidth}`),
      );
    expect(overflowing).toEqual([]);
    await browser.screenshot(page, 'account-375px');
    await expectAccessible(page, 'account at 375 px');
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
    await expectFocus(understood);
    expect(await section.locator('input[autocomplete="username"]').inputValue()).toBe(person.email);

    await understood.check();
    await password.fill('not my password at all');
    await deleteButton.click();
    await section.getByText('That is not your current password.').waitFor();
    expect(await descriptionOf(password)).toBe('That is not your current password.');
    await expectFocus(password);
    await browser.screenshot(page, 'account-delete');
    await expectAccessible(page, 'account, deletion with a wrong password');

    await password.fill(person.password);
    await deleteButton.click();
    await page.waitForURL(`${web.origin}/`);
    expect(await page.getByRole('status').innerText()).toBe(
      'Your account was deleted, with everything we kept about it.',
    );
    await browser.screenshot(page, 'account-deleted');
    await expectAccessible(page, 'sign up, after a deletion');
    await page.goto(`${web.origin}/account`);
    await page.waitForURL(`${web.origin}/sign-in`);

    // The same person again, once the phone's code cooldown from the first signup is over.
    server.advance(31_000);
    await page.goto(`${web.origin}/`);
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/verify`);
    expect(await page.getByText(`We texted a 6-digit code to ${shownPhone(person)}.`).isVisible()).toBe(true);
  });
});
