import { readFile } from 'node:fs/promises';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../support/clock';
import {
  ConfirmTwoStepDocument,
  EnableTwoStepDocument,
  MeDocument,
  type RegisterUserInput,
} from '../../client/generated/graphql';
import { expectAccessible } from './support/axe';
import {
  descriptionOf,
  expectFocus,
  overflowingBoxes,
  recordGraphQLAnswers,
  useBrowser,
  watchForPageProblems,
  withServerClock,
} from './support/browser';
import { exact, fillSignIn } from './support/forms';
import { useWebApp } from './support/web-app';

const STEP = 30_000;

describe('two-step sign-in in a browser', () => {
  // Server time stands still unless a test moves it, with the page's clock alongside: TOTP codes
  // are computed at the server's time.
  const server = fakeClock(new Date());
  const web = useWebApp({}, { clock: server.clock });
  const browser = useBrowser();

  /** What an authenticator app shows now for a secret. */
  const totp = (secret: string) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: server.clock().getTime() });

  async function signIn(page: Page, person: RegisterUserInput): Promise<void> {
    await page.goto(`${web.origin}/sign-in`);
    await fillSignIn(page, person);
  }

  async function signOut(page: Page): Promise<void> {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
  }

  async function atAccount(page: Page, person: RegisterUserInput): Promise<void> {
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
  }

  /** How the current session signed in, as the session list says it. */
  const thisSession = (page: Page) =>
    page.getByRole('region', { name: 'Your sessions' }).getByRole('listitem').filter({ hasText: 'This device' });

  /** A verified account with the TOTP second step on, set up through the API. */
  async function totpAccount() {
    const account = await web.t.registerVerified();
    const { enableTwoStep } = await web.t.execute(
      EnableTwoStepDocument,
      { input: { password: account.input.password, method: 'TOTP' } },
      { token: account.token },
    );
    const secret = enableTwoStep.totp!.secret;
    const { confirmTwoStep } = await web.t.execute(
      ConfirmTwoStepDocument,
      { input: { code: totp(secret) } },
      { token: account.token },
    );
    expect(confirmTwoStep.errors).toEqual([]);
    // The step that confirmed it is used: the next sign-in takes the next step's code.
    server.advance(STEP);
    return { ...account, secret, recoveryCodes: confirmTwoStep.recoveryCodes! };
  }

  // One journey as a person takes it, from set-up to a refused recovery code: three sign-ins and
  // six axe passes take longer than a test's usual 20 s on a busy machine.
  it('sets up an authenticator app from the page, then signs in with password and app, and with a recovery code once', async () => {
    const { input: person } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const answers = recordGraphQLAnswers(page);
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${request.url()} ${request.postData() ?? ''}`));
    const elapse = await withServerClock(page, server);
    await signIn(page, person);
    await atAccount(page, person);

    const section = page.getByRole('region', { name: 'Two-step sign-in' });
    expect(await section.getByLabel('An authenticator app', exact).isChecked()).toBe(true);
    const password = section.getByLabel('Current password', exact);
    await password.fill('not my password at all');
    await section.getByRole('button', { name: 'Set up two-step sign-in', exact: true }).click();
    await section.getByText('That is not your current password.').waitFor();
    expect(await descriptionOf(password)).toBe('That is not your current password.');
    await expectFocus(password);
    await expectAccessible(page, 'account, two-step set-up with a wrong password');

    await password.fill(person.password);
    await section.getByRole('button', { name: 'Set up two-step sign-in', exact: true }).click();
    const qr = section.getByRole('img', { name: 'QR code to add this account to your authenticator app' });
    await qr.waitFor();
    const key = section.getByLabel('Key for your app', exact);
    const shown = await key.inputValue();
    // Grouped for reading: four characters at a time.
    expect(shown).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{1,4})+$/);
    const secret = shown.replace(/ /g, '');
    await browser.screenshot(page, 'two-step-set-up');
    await expectAccessible(page, 'account, two-step set-up showing the QR code and the key');

    // The QR code drawn on the page is the URI the API gave, module for module.
    const uri = (await answers()).map((body) => /"uri":"([^"]+)"/.exec(body)?.[1]).find(Boolean)!;
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
    const { modules } = QRCode.create(uri, {});
    const expected = Array.from({ length: modules.size ** 2 }, (_, i) => (modules.data[i] ? '1' : '0')).join('');
    await expect.poll(() => drawnModules(page, modules.size)).toBe(expected);

    const codeInput = section.getByLabel('Code from your authenticator app', exact);
    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    await codeInput.fill(wrong);
    await section.getByRole('button', { name: 'Turn on two-step sign-in', exact: true }).click();
    await section.getByText('That code is not right.', { exact: false }).waitFor();
    await expectFocus(codeInput);
    await expectAccessible(page, 'account, two-step set-up with a wrong code');
    await codeInput.fill(totp(secret));
    await section.getByRole('button', { name: 'Turn on two-step sign-in', exact: true }).click();

    await section.getByRole('status').getByText('Two-step sign-in is on.', exact).waitFor();
    const listed = await section
      .getByRole('list', { name: 'Your recovery codes' })
      .getByRole('listitem')
      .allInnerTexts();
    expect(listed).toHaveLength(10);
    const download = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Download', exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('recovery-codes.txt');
    const text = await readFile(await file.path(), 'utf8');
    expect(text).toContain(person.email);
    expect(text.trim().split('\n').slice(-10)).toEqual(listed);
    await browser.screenshot(page, 'two-step-recovery-codes');
    await expectAccessible(page, 'account, the recovery codes shown once');
    await section.getByRole('button', { name: 'I have saved my codes', exact: true }).click();
    await expectFocus(section.getByRole('heading', { name: 'Two-step sign-in' }));
    await section
      .getByText('Two-step sign-in is on: after your password, we ask for a code from your authenticator app.')
      .waitFor();
    expect(await section.getByRole('listitem').count()).toBe(0);

    // The password alone now leads to the second step.
    await signOut(page);
    await elapse(STEP);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    const appCode = page.getByLabel('Code from your authenticator app', exact);
    await expectFocus(appCode);
    expect(await appCode.getAttribute('autocomplete')).toBe('one-time-code');
    await appCode.fill(wrong);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(/^That code is not right\. .*4/).waitFor();
    expect(await descriptionOf(appCode)).toMatch(/4 tries left/);
    await expectFocus(appCode);
    await browser.screenshot(page, 'two-step-sign-in-wrong-code');
    await expectAccessible(page, 'second step, a wrong code');
    await appCode.fill(totp(secret));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await atAccount(page, person);
    await thisSession(page)
      .getByText(/Signed in .+ with a password and an authenticator app$/)
      .waitFor();

    // A recovery code in place of the app's, once.
    await signOut(page);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    await page.getByRole('button', { name: 'Use a recovery code instead', exact: true }).click();
    const recovery = page.getByLabel('Recovery code', exact);
    await expectFocus(recovery);
    await expectAccessible(page, 'second step, with a recovery code');
    await recovery.fill(listed[0]);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await atAccount(page, person);
    await thisSession(page)
      .getByText(/Signed in .+ with a password and a recovery code$/)
      .waitFor();

    await signOut(page);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    await page.getByRole('button', { name: 'Use a recovery code instead', exact: true }).click();
    await recovery.fill(listed[0]);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('That recovery code is not right, or it was used already.', { exact: false }).waitFor();
    expect(await descriptionOf(recovery)).toMatch(/^That recovery code is not right, or it was used already\./);
    await expectFocus(recovery);
    expect(page.url()).toBe(`${web.origin}/sign-in/second-step`);

    // Nothing the page sent carried the secret: the QR code was drawn here, from the answer.
    expect(requests.length).toBeGreaterThan(0);
    expect(
      requests.filter((request) => request.includes(secret) || request.includes(encodeURIComponent(secret))),
    ).toEqual([]);
    expect(requests.filter((request) => !request.split(' ')[1].startsWith(`${web.origin}/`))).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);

  it('turns two-step sign-in off with the password and a recovery code', async () => {
    const { input: person, token, recoveryCodes } = await totpAccount();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await signIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    await page.getByRole('button', { name: 'Use a recovery code instead', exact: true }).click();
    await page.getByLabel('Recovery code', exact).fill(recoveryCodes[0]);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await atAccount(page, person);

    const section = page.getByRole('region', { name: 'Two-step sign-in' });
    const code = section.getByLabel('Code from your app, or a recovery code', exact);
    await section.getByLabel('Current password', exact).fill(person.password);
    await code.fill(recoveryCodes[0]);
    await section.getByRole('button', { name: 'Turn off two-step sign-in', exact: true }).click();
    await section.getByText('That recovery code is not right, or it was used already.', { exact: false }).waitFor();
    await expectFocus(code);
    await expectAccessible(page, 'account, turning two-step off with a used recovery code');

    await code.fill(recoveryCodes[1]);
    await section.getByRole('button', { name: 'Turn off two-step sign-in', exact: true }).click();
    await section.getByRole('status').getByText('Two-step sign-in is off.', { exact: false }).waitFor();
    expect(await section.getByRole('button', { name: 'Set up two-step sign-in', exact: true }).isVisible()).toBe(true);
    expect((await web.t.execute(MeDocument, {}, { token })).me?.twoStep).toBeNull();
    await signOut(page);
    await fillSignIn(page, person);
    await atAccount(page, person);
    expect(problems).toEqual([]);
  });

  it('asks a password reset of an account with an app for the second step, and changes the password only then', async () => {
    const { input: person, user, secret } = await totpAccount();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(`${web.origin}/forgot-password`);
    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send reset code', exact: true }).click();
    await page.getByLabel('Reset code', exact).waitFor();
    await web.t.app.settled();
    await page.getByLabel('Reset code', exact).fill(await web.t.latestCode(user.phoneNumber));
    await page.getByLabel('New password', exact).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    await page.getByLabel('Code from your authenticator app', exact).fill(totp(secret));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await atAccount(page, person);
    expect(await page.getByRole('status').first().innerText()).toBe(
      'Your password is changed. Every other device was signed out.',
    );
    await thisSession(page)
      .getByText(/Signed in .+ with a password reset and an authenticator app$/)
      .waitFor();
    await signOut(page);
    await fillSignIn(page, { email: person.email, password: 'a brand new passphrase' });
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    expect(problems).toEqual([]);
  });

  it('sends the person back to sign in, saying why, when the challenge has ended: too many wrong codes, or too long', async () => {
    const { input: person, secret } = await totpAccount();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    await signIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    const appCode = page.getByLabel('Code from your authenticator app', exact);
    const wrong = totp(secret) === '000000' ? '111111' : '000000';
    for (let left = 4; left > 0; left--) {
      await appCode.fill(wrong);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
      await page.getByText(new RegExp(`${left} tr(y|ies) left`)).waitFor();
    }
    await appCode.fill(wrong);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
    await page
      .getByRole('status')
      .getByText('Too many wrong codes ended this sign-in. Please sign in again.', exact)
      .waitFor();
    await expectAccessible(page, 'sign in, after a challenge ended by wrong codes');

    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    await elapse(5 * 60_000 + 1_000);
    await appCode.fill(totp(secret));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
    await page
      .getByRole('status')
      .getByText('This sign-in waited too long and has ended. Please sign in again.', exact)
      .waitFor();

    // A reload forgets the challenge, which lived only in the tab's memory.
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    await page.reload();
    await page.waitForURL(`${web.origin}/sign-in`);
    await page.getByRole('status').getByText('Your sign-in did not finish. Please sign in again.', exact).waitFor();
    expect(problems).toEqual([]);
  });

  it('sets up texts as the second step: it sends the code again after its wait, a sign-in code asks for none, and a texted code turns it off', async () => {
    const { input: person, user } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    await signIn(page, person);
    await atAccount(page, person);
    const section = page.getByRole('region', { name: 'Two-step sign-in' });
    await section.getByText(/^Text messages to /).click();
    await section.getByLabel('Current password', exact).fill(person.password);
    await section.getByRole('button', { name: 'Set up two-step sign-in', exact: true }).click();
    const setUpCode = section.getByLabel('Code from the text message', exact);
    await setUpCode.waitFor();
    await expectAccessible(page, 'account, two-step by text, the code sent');
    await web.t.app.settled();
    await setUpCode.fill(await web.t.latestCode(user.phoneNumber));
    await section.getByRole('button', { name: 'Turn on two-step sign-in', exact: true }).click();
    await section.getByRole('status').getByText('Two-step sign-in is on.', exact).waitFor();
    await section.getByRole('button', { name: 'I have saved my codes', exact: true }).click();
    await section
      .getByText('Two-step sign-in is on: after your password, we ask for a code we text to your phone.')
      .waitFor();

    await signOut(page);
    await elapse(STEP);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    const code = page.getByLabel('Code from the text message', exact);
    const again = page.getByRole('button', { name: 'Send the code again', exact: true });
    expect(await again.isDisabled()).toBe(true);
    expect(await page.locator('#second-step-wait').innerText()).toMatch(
      /^You can ask for a new code in \d+ seconds\.$/,
    );
    await expectAccessible(page, 'second step by text, counting down');
    await elapse(STEP);
    await again.click();
    await page.getByRole('status').getByText('A new code is on its way.', { exact: false }).waitFor();
    await expectFocus(code);
    await web.t.app.settled();
    await code.fill(await web.t.latestCode(user.phoneNumber));
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await atAccount(page, person);
    await thisSession(page)
      .getByText(/Signed in .+ with a password and a texted code$/)
      .waitFor();

    // A code texted to the phone is the phone already: no second text is asked for.
    await signOut(page);
    await elapse(STEP);
    await page.getByRole('button', { name: 'Sign in with a code instead', exact: true }).click();
    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send sign-in code', exact: true }).click();
    await page.getByLabel('Sign-in code', exact).waitFor();
    await web.t.app.settled();
    await page.getByLabel('Sign-in code', exact).fill(await web.t.latestCode(user.phoneNumber));
    await page.getByRole('button', { name: 'Sign in with code', exact: true }).click();
    await atAccount(page, person);

    // Turned off with the password and a code texted for that.
    const on = page.getByRole('region', { name: 'Two-step sign-in' });
    await on.getByLabel('Current password', exact).fill(person.password);
    const textMe = on.getByRole('button', { name: 'Text me a code', exact: true });
    // A sign-in code went to this phone a moment ago, from a budget a stranger can spend: a second
    // step's code has its own, and goes at once; the next waits 30 s, and the button says so.
    await textMe.click();
    await on.getByText('We texted you a code.', { exact: false }).waitFor();
    expect(await textMe.isDisabled()).toBe(true);
    await web.t.app.settled();
    await on.getByLabel('Texted code, or a recovery code', exact).fill(await web.t.latestCode(user.phoneNumber));
    await on.getByRole('button', { name: 'Turn off two-step sign-in', exact: true }).click();
    await on.getByRole('status').getByText('Two-step sign-in is off.', { exact: false }).waitFor();
    await expectAccessible(page, 'account, two-step turned off');
    expect(problems).toEqual([]);
  });

  it('fits a 375 px phone: the set-up with its QR code and key, the recovery codes, and the second step', async () => {
    const { input: person } = await web.t.registerVerified({ email: 'hubert.blaine.wolfeschlegelsteinhause@ex.com' });
    const page = await browser.newPage({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    await signIn(page, person);
    await atAccount(page, person);
    const section = page.getByRole('region', { name: 'Two-step sign-in' });
    await section.getByLabel('Current password', exact).fill(person.password);
    await section.getByRole('button', { name: 'Set up two-step sign-in', exact: true }).click();
    await section.getByRole('img').waitFor();
    expect(await overflowingBoxes(page)).toEqual([]);
    await browser.screenshot(page, 'two-step-set-up-375px');
    await expectAccessible(page, 'account, two-step set-up at 375 px');

    const secret = (await section.getByLabel('Key for your app', exact).inputValue()).replace(/ /g, '');
    await section.getByLabel('Code from your authenticator app', exact).fill(totp(secret));
    await section.getByRole('button', { name: 'Turn on two-step sign-in', exact: true }).click();
    await section.getByRole('list', { name: 'Your recovery codes' }).waitFor();
    expect(await overflowingBoxes(page)).toEqual([]);

    await signOut(page);
    server.advance(STEP);
    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/sign-in/second-step`);
    expect(await overflowingBoxes(page)).toEqual([]);
    await browser.screenshot(page, 'two-step-second-step-375px');
    await expectAccessible(page, 'second step at 375 px');
  });
});

/** What the test reads of a canvas (the tests' types have no DOM). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, width: number, height: number): { data: Uint8ClampedArray };
  };
}

/** The QR code's modules as the canvas shows them, dark as "1", read at the middle of each. */
function drawnModules(page: Page, size: number): Promise<string> {
  return page
    .getByRole('img', { name: 'QR code to add this account to your authenticator app' })
    .evaluate((element, size) => {
      const canvas = element as unknown as Canvas;
      const margin = 4;
      const scale = canvas.width / (size + margin * 2);
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      const offset = Math.floor(margin * scale);
      let modules = '';
      for (let row = 0; row < size; row++)
        for (let column = 0; column < size; column++) {
          const x = offset + Math.floor((column + 0.5) * scale);
          const y = offset + Math.floor((row + 0.5) * scale);
          modules += data[(y * canvas.width + x) * 4] < 128 ? '1' : '0';
        }
      return modules;
    }, size);
}
