import type { Page } from 'playwright-core';
import type { RegisterUserInput } from '../../../client/generated/graphql';

export const exact = { exact: true };

/** Fills the sign-up page's form, as a person would, and sends it. */
export async function fillSignUp(page: Page, person: RegisterUserInput): Promise<void> {
  await page.getByLabel('Name', exact).fill(person.name);
  await page.getByLabel('Email', exact).fill(person.email);
  await page.getByLabel('Password', exact).fill(person.password);
  await page.getByLabel('Country code', exact).fill(person.countryCode ?? '');
  await page.getByLabel('Phone number', exact).fill(person.phoneNumber);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
}

/** Fills the sign-in page's form and sends it; the page is left wherever the app goes next. */
export async function fillSignIn(page: Page, credentials: { email: string; password: string }): Promise<void> {
  await page.getByLabel('Email', exact).fill(credentials.email);
  await page.getByLabel('Password', exact).fill(credentials.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** A North American number as every page shows a phone: "+1 415 555 3401". */
export function shownPhone(person: { countryCode?: string | null; phoneNumber: string }): string {
  const digits = person.phoneNumber.replace(/\D/g, '').slice(-10);
  if (person.countryCode !== '1' || digits.length !== 10) throw new Error('shownPhone knows +1 numbers only');
  return `+1 ${digits.slice(0, 3)} ${digits.slice(3, 6)} ${digits.slice(6)}`;
}
