import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../support/clock';
import { aPerson } from '../support/test-app';
import { expectAccessible } from './support/axe';
import { expectFocus, useBrowser, watchForPageProblems, withServerClock } from './support/browser';
import { exact, fillSignIn, fillSignUp, shownPhone } from './support/forms';
import { useWebApp } from './support/web-app';

interface OutboxEntry {
  to: string;
  channel: 'sms' | 'call' | 'whatsapp';
  body: string;
}

/** The code a call said, digit by digit ("1, 2, 3, 4, 5, 6"), as the person would note it down. */
const spokenCode = (words: string) => /\d(?:, \d){5}/.exec(words)?.[0].replace(/, /g, '') ?? '';

describe('a code by call when the text does not come', () => {
  // Server time stands still unless the test moves it, with the page's clock alongside.
  const server = fakeClock(new Date());
  const web = useWebApp({ CODE_CHANNELS: 'SMS,CALL' }, { clock: server.clock });
  const browser = useBrowser();

  async function outbox(phone: string): Promise<OutboxEntry[]> {
    await web.t.app.settled();
    const response = await fetch(`${web.origin}/dev/outbox?to=${encodeURIComponent(phone)}`);
    return (await response.json()) as OutboxEntry[];
  }

  it('offers "Call me instead" on the verify page once the cooldown ends, and the code the call says signs the person in', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    const person = aPerson();
    const phone = `+1${person.phoneNumber}`;
    await page.goto(`${web.origin}/`);
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/verify`);

    const call = page.getByRole('button', { name: 'Call me instead', exact: true });
    expect(await call.isDisabled()).toBe(true);
    // Only what the server offers: WhatsApp is not in CODE_CHANNELS.
    await elapse(30_000);
    expect(await call.isEnabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Send by WhatsApp' }).count()).toBe(0);
    await expectAccessible(page, 'verify, the cooldown over with a call offered');

    await call.click();
    await page
      .getByRole('status')
      .getByText(`We're calling ${shownPhone(person)}.`)
      .waitFor();
    expect(await page.locator('#resend-wait').innerText()).toBe('You can ask for a new code in 30 seconds.');
    expect(await call.isDisabled()).toBe(true);
    await expectFocus(page.getByLabel('Verification code', exact));
    await expectAccessible(page, 'verify, calling');

    const [newest] = await outbox(phone);
    expect(newest.channel).toBe('call');
    const code = spokenCode(newest.body);
    expect(code).toMatch(/^\d{6}$/);
    await page.getByLabel('Verification code', exact).fill(code);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(problems).toEqual([]);
  });

  it('offers "Call me instead" on the Forgot page once the email may ask again, and the code said resets the password', async () => {
    const { input: person, user } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    await page.goto(`${web.origin}/forgot-password`);
    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send reset code', exact: true }).click();
    await page.getByLabel('Reset code', exact).waitFor();

    const call = page.getByRole('button', { name: 'Call me instead', exact: true });
    expect(await call.isDisabled()).toBe(true);
    await elapse(30_000);
    await call.click();
    // The same words for every email: the page cannot say whose phone rings.
    await page
      .getByRole('status')
      .getByText('If a verified account has this email, we are calling its phone.')
      .waitFor();
    expect(await page.locator('#reset-wait').innerText()).toBe('You can ask for a new code in 30 seconds.');
    await expectAccessible(page, 'forgot password, calling');

    const [newest] = await outbox(user.phoneNumber);
    expect(newest.channel).toBe('call');
    await page.getByLabel('Reset code', exact).fill(spokenCode(newest.body));
    await page.getByLabel('New password', exact).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    expect(problems).toEqual([]);
  });

  it('offers "Call me instead" for the new number of a phone change once its cooldown ends', async () => {
    const { input: person } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    await page.goto(`${web.origin}/sign-in`);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/account`);
    const section = page.getByRole('region', { name: 'Change phone number' });
    const next = aPerson();
    await section.getByLabel('Current password', exact).fill(person.password);
    await section.getByLabel('Country code', exact).fill('1');
    await section.getByLabel('New phone number', exact).fill(next.phoneNumber);
    await section.getByRole('button', { name: 'Send code', exact: true }).click();
    await section.getByLabel('Code from the new number', exact).waitFor();

    const call = section.getByRole('button', { name: 'Call me instead', exact: true });
    expect(await call.isDisabled()).toBe(true);
    await elapse(30_000);
    await call.click();
    await section
      .getByRole('status')
      .getByText(`We're calling ${shownPhone(next)}.`)
      .waitFor();
    await expectAccessible(page, 'account, calling the new number');

    const [newest] = await outbox(`+1${next.phoneNumber}`);
    expect(newest.channel).toBe('call');
    await section.getByLabel('Code from the new number', exact).fill(spokenCode(newest.body));
    await section.getByRole('button', { name: 'Confirm new number', exact: true }).click();
    await section.getByText(`Your phone number is now ${shownPhone(next)}.`).waitFor();
    expect(problems).toEqual([]);
  });
});

describe('a code the browser reads from the text by itself (WebOTP)', () => {
  const web = useWebApp();
  const browser = useBrowser();

  it('fills the verify page and submits it, so the person is signed in without typing', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const person = aPerson();
    const phone = `+1${person.phoneNumber}`;
    // The browser resolves the request with the code of the newest text, once the test has read it.
    await page.exposeFunction('codeFromTheText', async () => {
      await web.t.app.settled();
      return web.t.latestCode(phone);
    });
    await page.addInitScript(`
      window.OTPCredential = function OTPCredential() {};
      window.otpRequests = [];
      navigator.credentials.get = async (options) => {
        window.otpRequests.push({ otp: options.otp, signal: options.signal instanceof AbortSignal });
        return { code: await window.codeFromTheText() };
      };
    `);
    await page.goto(`${web.origin}/`);
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(await page.evaluate('window.otpRequests')).toEqual([{ otp: { transport: ['sms'] }, signal: true }]);
    expect(problems).toEqual([]);
  });

  /** Types the code the text brought, and sees the person signed in. */
  async function typeTheCode(page: Page, person: { phoneNumber: string; name: string }): Promise<void> {
    await web.t.app.settled();
    const codeInput = page.getByLabel('Verification code', exact);
    expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
    expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
    await codeInput.fill(await web.t.latestCode(`+1${person.phoneNumber}`));
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
  }

  function watchConsole(page: Page): string[] {
    const logged: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') logged.push(message.text());
    });
    return logged;
  }

  it('leaves the code to be typed while the browser waits for a text, and stops waiting, quietly, on leaving the page', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const logged = watchConsole(page);
    // A text that never comes: the request ends only when the page aborts it, as a browser's does.
    await page.addInitScript(`
      window.OTPCredential = function OTPCredential() {};
      window.otpSignals = [];
      navigator.credentials.get = ({ signal }) =>
        new Promise((_resolve, reject) => {
          window.otpSignals.push(signal);
          signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        });
    `);
    const person = aPerson();
    await page.goto(`${web.origin}/`);
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/verify`);
    await page.waitForFunction('window.otpSignals.length === 1');
    expect(await page.evaluate('window.otpSignals[0].aborted')).toBe(false);
    await typeTheCode(page, person);
    expect(await page.evaluate('window.otpSignals.map((signal) => signal.aborted)')).toEqual([true]);
    expect(problems).toEqual([]);
    expect(logged).toEqual([]);
  });

  it('asks nothing of a browser without WebOTP, and the code is typed as ever', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const logged = watchConsole(page);
    // Chromium on the desktop has it (it takes codes from a paired Android phone): taken away here.
    await page.addInitScript(`
      delete window.OTPCredential;
      window.otpRequests = 0;
      navigator.credentials.get = () => {
        window.otpRequests += 1;
        return Promise.resolve(null);
      };
    `);
    const person = aPerson();
    await page.goto(`${web.origin}/`);
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/verify`);
    await typeTheCode(page, person);
    expect(await page.evaluate('window.otpRequests')).toBe(0);
    expect(problems).toEqual([]);
    expect(logged).toEqual([]);
  });
});
