import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fakeClock } from '../support/clock';
import { aPerson, codeInNewestMessage } from '../support/test-app';
import { ResendCodeDocument, type RegisterUserInput } from '../../client/generated/graphql';
import { expectAccessible } from './support/axe';
import { descriptionOf, expectFocus, recordGraphQLAnswers, useBrowser, watchForPageProblems } from './support/browser';
import { exact, fillSignIn, fillSignUp, shownPhone } from './support/forms';
import { useWebApp } from './support/web-app';

describe('the tutorial in a browser', () => {
  // Server time stands still unless a test moves it, so code cooldowns end when the test says.
  const server = fakeClock(new Date());
  const web = useWebApp({}, { clock: server.clock });
  const browser = useBrowser();

  it('signs up showing every field error, verifies with the texted code, stays signed in on reload, signs out and in again', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const answers = recordGraphQLAnswers(page);
    const sessionCookies = new Set<string>();
    const rememberSessionCookie = async () => {
      const cookie = (await page.context().cookies()).find((each) => each.name === 'session');
      expect(cookie?.httpOnly).toBe(true);
      sessionCookies.add(cookie!.value);
    };
    await page.goto(`${web.origin}/`);

    await fillSignUp(page, { name: '   ', email: 'ada@', password: 'short', countryCode: '1', phoneNumber: '12' });
    const phoneError = page.getByText('Phone number is not a valid number for that country code.');
    await phoneError.waitFor();
    expect(await descriptionOf(page.getByLabel('Name', exact))).toBe('Name must have at least one visible character.');
    expect(await descriptionOf(page.getByLabel('Email', exact))).toMatch(/^Email must be a valid email address/);
    expect(await descriptionOf(page.getByLabel('Password', exact))).toContain(
      'Password must be at least 8 characters.',
    );
    expect(await descriptionOf(page.getByLabel('Phone number', exact))).toBe(
      'Phone number is not a valid number for that country code.',
    );
    expect(await descriptionOf(page.getByLabel('Country code', exact))).toBe('Such as 1 or 44.');
    expect(await page.getByLabel('Name', exact).getAttribute('aria-invalid')).toBe('true');
    // The first field with an error has the focus, so a keyboard or screen reader starts there.
    await expectFocus(page.getByLabel('Name', exact));
    await browser.screenshot(page, 'sign-up-errors');
    await expectAccessible(page, 'sign up with field errors');

    const person = aPerson();
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/verify`);
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    const phone = `+1${person.phoneNumber}`;
    expect(await page.getByText(`We texted a 6-digit code to ${shownPhone(person)}.`).isVisible()).toBe(true);

    // As a developer would: follow the page's link to the outbox and read the code there.
    const outboxLink = page.getByRole('link', { name: `read the text messages sent to ${shownPhone(person)}` });
    const outboxUrl = await outboxLink.getAttribute('href');
    expect(outboxUrl).toBe(`${web.origin}/dev/outbox?to=${encodeURIComponent(phone)}`);
    await browser.screenshot(page, 'verify');
    await expectAccessible(page, 'verify');
    const outboxPage = await page.context().newPage();
    const messages = (await (await outboxPage.goto(outboxUrl!))!.json()) as { body: string }[];
    await outboxPage.close();
    const code = codeInNewestMessage(
      messages.map((message) => message.body),
      phone,
    );

    const codeInput = page.getByLabel('Verification code', exact);
    await codeInput.fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    // The server says how many tries this code has left.
    await page
      .getByText('That code is not right. Check the text message and try again. 4 tries left on this code.')
      .waitFor();
    expect(await descriptionOf(codeInput)).toBe(
      'That code is not right. Check the text message and try again. 4 tries left on this code.',
    );
    await expectFocus(codeInput);
    await browser.screenshot(page, 'verify-wrong-code');
    await expectAccessible(page, 'verify with a wrong code');

    await codeInput.fill(code);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await expectAccountPage(page, person);
    await rememberSessionCookie();
    await browser.screenshot(page, 'account');
    await expectAccessible(page, 'account, signed in');

    // Read before the reload drops them.
    const beforeReload = (await answers()).length;
    await page.reload();
    await expectAccountPage(page, person);

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(`${web.origin}/sign-in`);
    // Signed out on the server too: the account page sends a fresh load back to sign in.
    await page.goto(`${web.origin}/account`);
    await page.waitForURL(`${web.origin}/sign-in`);
    await browser.screenshot(page, 'sign-in');
    await expectAccessible(page, 'sign in, signed out');

    await fillSignIn(page, person);
    await page.waitForURL(`${web.origin}/account`);
    await expectAccountPage(page, person);
    await rememberSessionCookie();
    expect(problems).toEqual([]);

    // Only the HttpOnly cookie carries a session: no answer the page read holds a token.
    expect(await page.evaluate('document.cookie')).not.toContain('session=');
    const bodies = await answers();
    expect(beforeReload).toBeGreaterThan(5);
    expect(bodies.length).toBeGreaterThan(beforeReload);
    for (const body of bodies) {
      expect(body).not.toContain('"token"');
      for (const token of sessionCookies) expect(body).not.toContain(token);
    }
  });

  it('counts down to the resendAvailableAt each answer gives, before a new code and after a RATE_LIMITED', async () => {
    const page = await browser.newPage();
    // The page's clock and the server's move together, as on any device that keeps time.
    await page.clock.install();
    server.advance(Date.now() + 1_000 - server.clock().getTime());
    await page.clock.pauseAt(server.clock());
    const elapse = async (ms: number) => {
      server.advance(ms);
      await page.clock.runFor(ms);
    };
    await page.goto(`${web.origin}/`);
    const person = aPerson();
    const phone = `+1${person.phoneNumber}`;
    await fillSignUp(page, person);
    await page.waitForURL(`${web.origin}/verify`);

    const resend = page.getByRole('button', { name: 'Send a new code', exact: true });
    const wait = page.locator('#resend-wait');
    expect(await resend.isDisabled()).toBe(true);
    expect(await wait.innerText()).toBe('You can ask for a new code in 30 seconds.');
    await elapse(10_000);
    expect(await wait.innerText()).toBe('You can ask for a new code in 20 seconds.');
    expect(await resend.isDisabled()).toBe(true);
    await browser.screenshot(page, 'verify-countdown');
    await expectAccessible(page, 'verify, counting down');
    await elapse(20_000);
    expect(await resend.isEnabled()).toBe(true);

    await resend.click();
    await page.getByRole('status').getByText('A new code is on its way.').waitFor();
    await web.t.app.settled();
    expect(await web.t.messagesTo(phone)).toHaveLength(2);
    expect(await resend.isDisabled()).toBe(true);
    expect(await wait.innerText()).toBe('You can ask for a new code in 30 seconds.');

    // Another tab asks for a code the moment this one may: this page's request is then refused.
    await elapse(30_000);
    await web.t.execute(ResendCodeDocument, { input: { email: person.email } }, { ip: '127.0.0.1' });
    await resend.click();
    await page.getByRole('alert').getByText('Too many attempts. Please wait 30 seconds and try again.').waitFor();
    expect(await resend.isDisabled()).toBe(true);
    expect(await wait.innerText()).toBe('You can ask for a new code in 30 seconds.');
    await expectAccessible(page, 'verify, counting down after RATE_LIMITED');
    // A refusal that belongs to no field: the summary above the form takes the focus.
    await expectFocus(page.getByRole('alert'));
    await elapse(30_000);
    expect(await resend.isEnabled()).toBe(true);
  });

  it('asks a fresh tab on the verify page for the email: "Send a new code" without one puts the focus on Email', async () => {
    const page = await browser.newPage();
    await page.goto(`${web.origin}/verify`);
    await page.getByRole('button', { name: 'Send a new code', exact: true }).click();
    const email = page.getByLabel('Email', exact);
    await page.getByText('Enter the email you signed up with.').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(email)).toBe('Enter the email you signed up with.');
    await expectFocus(email);
    await expectAccessible(page, 'verify in a fresh tab, no email');
  });
});

async function expectAccountPage(page: Page, person: RegisterUserInput): Promise<void> {
  await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
  expect(await page.getByText('Your phone number is verified.').isVisible()).toBe(true);
  const details = page.locator('dl');
  expect(await details.innerText()).toContain(person.email);
  expect(await details.innerText()).toContain(shownPhone(person));
  expect(await details.getByText('Verified', { exact: true }).isVisible()).toBe(true);
}
