import { describe, expect, it } from 'vitest';
import { expectAccessible } from './support/axe';
import { descriptionOf, useBrowser, watchForPageProblems } from './support/browser';
import { exact } from './support/forms';
import { useWebApp } from './support/web-app';

/** The chunk with zxcvbn and its dictionaries, named by Vite after src/users/password-strength.ts. */
const ESTIMATOR_CHUNK = /\/assets\/password-strength-[\w-]+\.js$/;

describe('the password estimate on the sign-up page', () => {
  const web = useWebApp();
  const browser = useBrowser();

  it('is fetched only once a password is typed, and counts the name and email typed so far', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
    });
    await page.goto(`${web.origin}/`, { waitUntil: 'networkidle' });
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.filter((script) => ESTIMATOR_CHUNK.test(script))).toEqual([]);

    const password = page.getByLabel('Password', exact);
    await page.getByLabel('Name', exact).fill('Ada Lovelace');
    await page.getByLabel('Email', exact).fill('ada@example.com');
    // Strong for anyone else: it is the name typed above.
    await password.fill('adalovelace1815');
    await page.getByText('It contains your name or email address').waitFor();
    expect(scripts.filter((script) => ESTIMATOR_CHUNK.test(script))).toHaveLength(1);
    expect(await descriptionOf(password)).toContain('This password is too easy to guess.');
    const meter = page.locator('meter');
    expect(Number(await meter.getAttribute('value'))).toBeLessThan(3);
    await browser.screenshot(page, 'sign-up-password-estimate');
    await expectAccessible(page, 'sign up, a guessable password typed');

    // The same password for someone else is strong: the estimate follows the name as it changes.
    await page.getByLabel('Name', exact).fill('Grace Hopper');
    await page.getByLabel('Email', exact).fill('grace@example.com');
    await page.getByText('Very strong password.').waitFor();
    expect(await meter.getAttribute('value')).toBe('4');
    await password.fill('password');
    await page.getByText('This is one of the most used passwords.').waitFor();
    await password.fill('');
    await meter.waitFor({ state: 'detached' });
    expect(scripts.filter((script) => ESTIMATOR_CHUNK.test(script))).toHaveLength(1);
    expect(problems).toEqual([]);
  });
});
