import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RegisterUserDocument } from '../../client/generated/graphql';
import { GuardCountStore } from '../../src/abuse/fraud-guard/guard-count.store';
import { AuditLog } from '../../src/audit/audit-log';
import { aPerson } from '../support/test-app';
import { expectAccessible } from './support/axe';
import { useBrowser, watchForPageProblems } from './support/browser';
import { useWebApp } from './support/web-app';

const TOKEN = randomBytes(24).toString('base64url');

describe('the admin console’s audit log, with the SMS guard enforcing', () => {
  const web = useWebApp({ ADMIN_PORT: '0', ADMIN_TOKEN: TOKEN, FRAUD_GUARD: 'enforce' });
  const browser = useBrowser();

  const openConsole = async (page: Page) => {
    await page.goto(`${new URL(web.t.adminUrl!).origin}/`);
    await page.getByLabel('Admin token').fill(TOKEN);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Users' }).waitFor();
  };
  const rowsOf = (page: Page) => page.getByRole('table', { name: 'Audit events' }).locator('tbody').getByRole('row');
  const filterBy = async (page: Page, type: string) => {
    await page.getByLabel('Event type').fill(type);
    await page.getByRole('button', { name: 'Filter' }).click();
  };

  it('shows a blocked code and the unblock with its reason, which no user page shows, and filters by type', async () => {
    // Fifty unentered codes this hour to +1 628: far past the prefix's daily floor of twenty.
    const hour = Date.now() - (Date.now() % 3_600_000);
    await new GuardCountStore().add(web.t.app.database.db, [
      { key: 'h:p:+1628', bucket: hour, dest: '', sent: 50, verified: 0, spend: 0, asked: '', entered: '' },
    ]);
    const input = { ...aPerson(), phoneNumber: '6285551234' };
    const { registerUser } = await web.t.execute(RegisterUserDocument, { input });
    expect(registerUser.errors).toMatchObject([{ code: 'SMS_BLOCKED' }]);

    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await openConsole(page);
    await page.getByRole('link', { name: 'Blocked destinations' }).click();
    await page.getByLabel('Reason for unblocking +1628').fill('ticket 42: a customer launch in San Francisco');
    await page.getByRole('button', { name: 'Unblock +1628' }).click();
    await page.getByRole('status').getByText('Unblocked +1628 for the rest of the UTC day.').waitFor();

    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
    const unblocked = rowsOf(page).filter({ hasText: 'admin.destination_unblocked' });
    expect(await unblocked.innerText()).toMatch(
      /admin\.destination_unblocked\s+admin\s+success\s+—\s+—\s+reason: ticket 42: a customer launch in San Francisco; destination: \+1628/,
    );
    const blocked = rowsOf(page).filter({ hasText: 'code.blocked' });
    expect(await blocked.innerText()).toMatch(
      /code\.blocked\s+system\s+failure\s+—\s+\S+\s+purpose: signup; channel: sms/,
    );
    await browser.screenshot(page, 'admin-console-audit');
    await expectAccessible(page, 'the audit log');

    await filterBy(page, 'code.');
    // Until the filtered page arrives, the table is the unfiltered one, or none.
    const onlyCodes = async () =>
      (await rowsOf(page).count()) > 0 && (await rowsOf(page).filter({ hasNotText: 'code.blocked' }).count()) === 0;
    await expect.poll(onlyCodes).toBe(true);
    expect(page.url()).toContain('#/audit?type=code.');

    // A type that is no type is refused by the API, and the page says why.
    await filterBy(page, 'code%');
    await page
      .getByRole('alert')
      .getByText(/type must be an event type/)
      .waitFor();
    await expectAccessible(page, 'the audit log, a filter refused');
    expect(problems).toEqual([]);
  });

  it('links an event to its user’s page, and loads older events on request', async () => {
    const { user } = await web.t.registerVerified({ name: 'Audited Person' });
    const { database } = web.t.app;
    // Thirty refused sign-ins for unknown emails, a second apart, the last one a minute ago.
    const start = Date.now() - 90_000;
    for (let i = 0; i < 30; i++)
      await new AuditLog({ database, clock: () => new Date(start + i * 1_000) }).recordNow({
        type: 'login.failed',
        userId: null,
        actor: 'user',
        ip: `198.51.100.${i}`,
        outcome: 'failure',
      });

    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await openConsole(page);
    await page.getByRole('link', { name: 'Audit log' }).click();
    await filterBy(page, 'login.failed');
    // The newest refused sign-in heads the filtered page; the user's own events head the unfiltered one.
    await expect
      .poll(() => rowsOf(page).first().innerText())
      .toMatch(/login\.failed\s+user\s+failure\s+—\s+198\.51\.100\.29/);
    expect(await rowsOf(page).count()).toBe(25);
    await page.getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => rowsOf(page).count()).toBe(30);
    expect(await rowsOf(page).last().innerText()).toContain('198.51.100.0');
    await page.getByText('No older events.').waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await expectAccessible(page, 'the audit log, all pages loaded');

    await filterBy(page, 'user.verified');
    const verified = rowsOf(page).filter({ hasText: 'user.verified' }).first();
    await verified.getByRole('link', { name: `User ${user.id}` }).click();
    await page.getByRole('heading', { name: 'Audited Person' }).waitFor();
    expect(problems).toEqual([]);
  });
});
