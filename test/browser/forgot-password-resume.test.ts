import { describe, expect, it } from 'vitest';
import { fakeClock } from '../support/clock';
import { expectAccessible } from './support/axe';
import { expectFocus, useBrowser, watchForPageProblems, withServerClock } from './support/browser';
import { exact } from './support/forms';
import { useWebApp } from './support/web-app';

describe('a password reset in progress on the Forgot page', () => {
  // Server time stands still unless the test moves it, with the page's clock alongside.
  const server = fakeClock(new Date());
  const web = useWebApp({}, { clock: server.clock });
  const browser = useBrowser();

  it('comes back after a reload and after going back, with its countdown, and the code received before resets the password', async () => {
    const { input: person, user } = await web.t.registerVerified();
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const elapse = await withServerClock(page, server);
    await page.goto(`${web.origin}/forgot-password`);
    await page.getByLabel('Email', exact).fill(person.email);
    await page.getByRole('button', { name: 'Send reset code', exact: true }).click();
    await page.getByLabel('Reset code', exact).waitFor();
    await web.t.app.settled();
    const code = await web.t.latestCode(user.phoneNumber);
    await elapse(10_000);

    await page.reload();
    const codeInput = page.getByLabel('Reset code', exact);
    await codeInput.waitFor();
    expect(await page.getByLabel('Email', exact).inputValue()).toBe(person.email);
    const wait = page.locator('#reset-wait');
    expect(await wait.innerText()).toBe('You can ask for a new code in 20 seconds.');
    expect(await page.getByRole('button', { name: 'Send reset code', exact: true }).isDisabled()).toBe(true);
    await expectAccessible(page, 'forgot password, the reset restored after a reload');

    // Away and back with the browser's own buttons: the same reset, still counting down.
    await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
    await page.waitForURL(`${web.origin}/sign-in`);
    await page.goBack();
    await page.waitForURL(`${web.origin}/forgot-password`);
    await codeInput.waitFor();
    await elapse(5_000);
    expect(await wait.innerText()).toBe('You can ask for a new code in 15 seconds.');

    await codeInput.fill(code);
    await page.getByLabel('New password', exact).fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await page.getByRole('heading', { name: `Welcome, ${person.name}` }).waitFor();
    expect(problems).toEqual([]);
  });

  it('takes a code already received for the email typed, without asking for a new one', async () => {
    const { input: person, user } = await web.t.registerVerified();
    // Asked for in another tab, or before this tab's storage was lost.
    server.advance(31_000);
    const first = await browser.newPage();
    await first.goto(`${web.origin}/forgot-password`);
    await first.getByLabel('Email', exact).fill(person.email);
    await first.getByRole('button', { name: 'Send reset code', exact: true }).click();
    await first.getByLabel('Reset code', exact).waitFor();
    await web.t.app.settled();
    const code = await web.t.latestCode(user.phoneNumber);
    const sent = (await web.t.messagesTo(user.phoneNumber)).length;

    // Asking again too soon is refused, and the code already sent can still be entered.
    const again = await browser.newPage();
    await again.goto(`${web.origin}/forgot-password`);
    await again.getByLabel('Email', exact).fill(person.email);
    await again.getByRole('button', { name: 'Send reset code', exact: true }).click();
    await expectFocus(again.getByRole('alert').filter({ hasText: 'Too many attempts.' }));
    expect(await again.getByLabel('Reset code', exact).isVisible()).toBe(true);
    await expectAccessible(again, 'forgot password, RATE_LIMITED with the code form open');

    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const operations: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') operations.push(request.postData() ?? '');
    });
    await page.goto(`${web.origin}/forgot-password`);
    const haveCode = page.getByRole('button', { name: 'I already have a code', exact: true });
    await haveCode.click();
    await page.getByText('Enter the email of your account.').waitFor();
    await expectFocus(page.getByLabel('Email', exact));

    await page.getByLabel('Email', exact).fill(person.email);
    await haveCode.click();
    const codeInput = page.getByLabel('Reset code', exact);
    await expectFocus(codeInput);
    await expectAccessible(page, 'forgot password, a code already received');
    expect(operations.filter((body) => body.includes('requestPasswordReset'))).toEqual([]);

    await codeInput.fill(code);
    await page.getByLabel('New password', exact).fill('another new passphrase');
    await page.getByRole('button', { name: 'Reset password', exact: true }).click();
    await page.waitForURL(`${web.origin}/account`);
    await web.t.app.settled();
    // The code came from the first request; no second one went out, only the change's notice.
    const messages = await web.t.messagesTo(user.phoneNumber);
    expect(messages).toHaveLength(sent + 1);
    expect(messages[0]).toContain('Your password was just changed.');
    expect(problems).toEqual([]);
  });
});
