import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../support/clock';
import { aPerson } from '../support/test-app';
import { RequestSignInCodeDocument } from '../../client/generated/graphql';
import { expectAccessible } from './support/axe';
import {
  descriptionOf,
  expectFocus,
  overflowingBoxes,
  useBrowser,
  watchForPageProblems,
  withServerClock,
} from './support/browser';
import { exact } from './support/forms';
import { useWebApp } from './support/web-app';

const BY_EMAIL = 'If a verified account has this email, a code is sent to its phone.';
const BY_NUMBER = 'If a verified account has this number, a code is sent to it.';
const WRONG = 'That code is not right. Check the text message and try again.';
/** A code that is surely not the one sent. */
const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

describe('signing in with a code texted to the phone', () => {
  // Server time stands still unless a test moves it, with the page's clock alongside.
  const server = fakeClock(new Date());
  const web = useWebApp({}, { clock: server.clock });
  const browser = useBrowser();

  async function openCodeSignIn(page: Page): Promise<void> {
    await page.goto(`${web.origin}/sign-in`);
    await page.getByRole('button', { name: 'Sign in with a code instead', exact: true }).click();
  }

  it('asks by email, waits out the cooldown before another code, shows a wrong code beside its field, and signs in', async () => {
    const { input: person, user } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    await openCodeSignIn(page);

    const email = page.getByLabel('Email', exact);
    await expectFocus(email);
    const send = page.getByRole('button', { name: 'Send sign-in code', exact: true });
    await send.click();
    await page.getByText('Enter the email of your account.').waitFor();
    expect(await descriptionOf(email)).toBe('Enter the email of your account.');
    await expectFocus(email);
    await expectAccessible(page, 'sign in with a code, no email');

    await email.fill(person.email);
    await send.click();
    await page.getByRole('status').getByText(BY_EMAIL, exact).waitFor();
    const codeInput = page.getByLabel('Sign-in code', exact);
    await expectFocus(codeInput);
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    const again = page.getByRole('button', { name: 'Send a new code', exact: true });
    const wait = page.locator('#sign-in-code-wait');
    expect(await wait.innerText()).toBe('You can ask for a new code in 30 seconds.');
    expect(await again.isDisabled()).toBe(true);
    await browser.screenshot(page, 'sign-in-code-sent');
    await expectAccessible(page, 'sign in with a code, sent and counting down');

    await web.t.app.settled();
    const first = await web.t.latestCode(user.phoneNumber);
    expect((await web.t.messagesTo(user.phoneNumber))[0]).toMatch(/sign/i);
    await codeInput.fill(wrongCode(first));
    await page.getByRole('button', { name: 'Sign in with code', exact: true }).click();
    await page.getByText(WRONG, exact).waitFor();
    expect(await descriptionOf(codeInput)).toBe(WRONG);
    await expectFocus(codeInput);
    await expectAccessible(page, 'sign in with a code, a wrong code');

    // A reload keeps the code form and the wait, as the reset page does.
    await elapse(12_000);
    await page.reload();
    await codeInput.waitFor();
    expect(await email.inputValue()).toBe(person.email);
    expect(await wait.innerText()).toBe('You can ask for a new code in 18 seconds.');

    await elapse(18_000);
    expect(await again.isEnabled()).toBe(true);
    await again.click();
    await wait.getByText('You can ask for a new code in 30 seconds.', exact).waitFor();
    await web.t.app.settled();
    const second = await web.t.latestCode(user.phoneNumber);
    await codeInput.fill(second);
    await page.getByRole('button', { name: 'Sign in with code', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    const thisDevice = page
      .getByRole('region', { name: 'Your sessions' })
      .getByRole('listitem')
      .filter({ hasText: 'This device' });
    await thisDevice.getByText(/Signed in .+ with a texted code$/).waitFor();
    expect(problems).toEqual([]);
  });

  it('asks by phone number (country code and number, as the sign-up page takes them), with the same words for a number no account has', async () => {
    const { input: person, user } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await openCodeSignIn(page);
    await page.getByRole('button', { name: 'Use my phone number instead', exact: true }).click();
    expect(await page.getByLabel('Email', exact).count()).toBe(0);

    const nobody = aPerson();
    await page.getByLabel('Country code', exact).fill('1');
    await page.getByLabel('Phone number', exact).fill(nobody.phoneNumber);
    await page.getByRole('button', { name: 'Send sign-in code', exact: true }).click();
    await page.getByRole('status').getByText(BY_NUMBER, exact).waitFor();
    await expectAccessible(page, 'sign in with a code, asked by phone number');
    await web.t.app.settled();
    expect(await web.t.messagesTo(`+1${nobody.phoneNumber}`)).toEqual([]);

    // Another number: its own code form, and its own wait.
    await page.getByLabel('Phone number', exact).fill(person.phoneNumber);
    expect(await page.getByLabel('Sign-in code', exact).count()).toBe(0);
    await page.getByRole('button', { name: 'Send sign-in code', exact: true }).click();
    await page.getByRole('status').getByText(BY_NUMBER, exact).waitFor();
    await web.t.app.settled();
    await page.getByLabel('Sign-in code', exact).fill(await web.t.latestCode(user.phoneNumber));
    await page.getByRole('button', { name: 'Sign in with code', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(problems).toEqual([]);
  });

  it("shows RATE_LIMITED's wait above the form and counts it down, as the other pages do", async () => {
    const { input: person } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await withServerClock(page, server);
    // Asked a moment ago, from another tab or device.
    const { requestSignInCode } = await web.t.execute(RequestSignInCodeDocument, { input: { email: person.email } });
    expect(requestSignInCode.errors).toEqual([]);
    await openCodeSignIn(page);
    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send sign-in code', exact: true }).click();
    const limited = page.getByRole('alert').filter({ hasText: 'Too many attempts.' });
    await limited.waitFor();
    await expectFocus(limited);
    expect(await page.locator('#sign-in-code-wait').innerText()).toMatch(
      /^You can ask for a new code in \d+ seconds\.$/,
    );
    expect(await page.getByRole('button', { name: 'Send sign-in code', exact: true }).isDisabled()).toBe(true);
    // The code asked for elsewhere may be in hand: its form is open.
    await page.getByLabel('Sign-in code', exact).waitFor();
    await expectAccessible(page, 'sign in with a code, RATE_LIMITED');
    expect(problems).toEqual([]);
  });

  it('takes the code the browser reads from the text (WebOTP) and signs in without typing', async () => {
    const { input: person, user } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    // The browser resolves the request with the code of the newest text, once the test has read it.
    await page.exposeFunction('codeFromTheText', async () => {
      await web.t.app.settled();
      return web.t.latestCode(user.phoneNumber);
    });
    await page.addInitScript(`
      window.OTPCredential = function OTPCredential() {};
      navigator.credentials.get = async () => ({ code: await window.codeFromTheText() });
    `);
    await openCodeSignIn(page);
    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send sign-in code', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(problems).toEqual([]);
  });

  it('fits a 375 px phone', async () => {
    const { input: person } = await web.t.registerVerified({ email: 'hubert.blaine.wolfeschlegelsteinhause@ex.com' });
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await openCodeSignIn(page);
    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send sign-in code', exact: true }).click();
    await page.getByLabel('Sign-in code', exact).waitFor();
    expect(await overflowingBoxes(page)).toEqual([]);
    await browser.screenshot(page, 'sign-in-code-375px');
    await expectAccessible(page, 'sign in with a code at 375 px');
  });
});
