import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { descriptionOf, expectFocus, useBrowser, watchForPageProblems } from './support/browser';
import { exact, fillSignIn } from './support/forms';
import { useWebApp } from './support/web-app';

const GUESSABLE = 'password123';
const TOO_EASY = 'This password is too easy to guess.';

/** How many times `sentence` is on the page as a person sees it. */
async function timesShown(page: Page, sentence: string): Promise<number> {
  return (await page.locator('main').innerText()).split(sentence).length - 1;
}

describe('field errors on the web forms', () => {
  const web = useWebApp();
  const browser = useBrowser();

  it('go from a field as soon as it is edited, and only from that field', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(`${web.origin}/`);
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    const name = page.getByLabel('Name', exact);
    const email = page.getByLabel('Email', exact);
    await page.getByText('Name must have at least one visible character.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await email.getAttribute('aria-invalid')).toBe('true');

    await name.fill('Li');
    await page.getByText('Name must have at least one visible character.').waitFor({ state: 'detached' });
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    expect(await descriptionOf(name)).toBe('');
    // The focus stays where the person types; the other fields keep their errors until edited.
    await expectFocus(name);
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await descriptionOf(email)).toContain('Email must be a valid email address');
    await expectAccessible(page, 'sign up, one field edited after a failed submit');

    // The same error again on the next submit, for the same empty email.
    await name.fill('');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.getByText('Name must have at least one visible character.').waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(problems).toEqual([]);
  });

  it('say a guessable password once, not in the estimate and the error both, on sign up and change password', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await page.goto(`${web.origin}/`);
    const password = page.getByLabel('Password', exact);
    await password.fill(GUESSABLE);
    await page.getByText(TOO_EASY).waitFor();
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.locator('.field-error').getByText(TOO_EASY).waitFor();
    expect(await timesShown(page, TOO_EASY)).toBe(1);
    expect((await descriptionOf(password)).split(TOO_EASY)).toHaveLength(2);
    await expectAccessible(page, 'sign up, a guessable password refused');

    const { input: person } = await web.t.registerVerified();
    const account = await browser.newPage();
    await account.goto(`${web.origin}/sign-in`);
    await fillSignIn(account, person);
    await account.waitForURL(`${web.origin}/account`);
    const section = account.getByRole('region', { name: 'Change password' });
    const newPassword = section.getByLabel('New password', exact);
    await section.getByLabel('Current password', exact).fill(person.password);
    await newPassword.fill(GUESSABLE);
    await section.getByText(TOO_EASY).waitFor();
    await section.getByRole('button', { name: 'Change password', exact: true }).click();
    await section.locator('.field-error').getByText(TOO_EASY).waitFor();
    expect(await timesShown(account, TOO_EASY)).toBe(1);
    expect(await newPassword.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(account, 'account, a guessable new password refused');

    // Typing again: the server's error goes, and the live estimate speaks for the new value.
    await newPassword.fill(`${GUESSABLE}4`);
    await section.locator('.field-error').waitFor({ state: 'detached' });
    await section.getByText(TOO_EASY).waitFor();
    expect(await timesShown(account, TOO_EASY)).toBe(1);
    expect(problems).toEqual([]);
  });
});
