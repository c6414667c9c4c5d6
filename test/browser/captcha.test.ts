import { describe, expect, it } from 'vitest';
import { RegisterUserDocument } from '../../client/generated/graphql';
import { QUICK_ALTCHA } from '../support/guarded-app';
import { aPerson } from '../support/test-app';
import { expectAccessible } from './support/axe';
import { useBrowser, watchForPageProblems } from './support/browser';
import { exact, fillSignUp } from './support/forms';
import { useWebApp } from './support/web-app';

describe('the challenge on the sign-up page', () => {
  const web = useWebApp({ FRAUD_GUARD: 'enforce' }, { altchaWork: QUICK_ALTCHA });
  const browser = useBrowser();

  it('appears only once a signup needs it, solves in the page, and the signup then goes through', async () => {
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    const loaded: string[] = [];
    page.on('request', (request) => loaded.push(new URL(request.url()).pathname));
    await page.goto(`${web.origin}/`);
    await page.getByRole('heading', { name: 'Create your account' }).waitFor();
    expect(await page.locator('altcha-widget').count()).toBe(0);
    expect(loaded.filter((path) => /altcha|pbkdf2/.test(path))).toEqual([]);

    // Three codes nobody enters put a fresh prefix (+1 415, these people's) at half its hourly budget.
    for (let i = 0; i < 3; i++) {
      const { registerUser } = await web.t.execute(RegisterUserDocument, { input: aPerson() });
      expect(registerUser.errors).toEqual([]);
    }
    const person = aPerson();
    await fillSignUp(page, person);
    await page.getByText('Before we send a code, please show you are not a robot').waitFor();
    const robot = page.getByRole('checkbox', { name: "I'm not a robot" });
    await robot.waitFor();
    expect(page.url()).toBe(`${web.origin}/`);
    await browser.screenshot(page, 'sign-up-challenge');
    await expectAccessible(page, 'sign up asking for a challenge');

    // As a person does: a click on the words beside the box (its tick mark lies over the box itself).
    await page.getByText("I'm not a robot", exact).click();
    await page.getByText('Verified', exact).waitFor();
    await expectAccessible(page, 'sign up with the challenge solved');
    await page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await page.waitForURL(`${web.origin}/verify`);
    expect(await web.t.latestCode(`+1${person.phoneNumber}`)).toMatch(/^\d{6}$/);

    // A resend of this signup's code needs a challenge too: the page puts one up beside the button.
    await page.getByRole('checkbox', { name: "I'm not a robot" }).waitFor();
    await expectAccessible(page, 'verify asking for a challenge before a resend');
    expect(problems).toEqual([]);
  });
});
