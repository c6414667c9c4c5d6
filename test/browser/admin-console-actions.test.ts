import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { RegisterUserDocument } from '../../client/generated/graphql';
import { GuardCountStore } from '../../src/abuse/fraud-guard/guard-count.store';
import { execute } from '../../src/db/dialect';
import type { TestApp } from '../support/test-app';
import { aPerson } from '../support/test-app';
import { useRig } from '../support/rig';
import { expectAccessible } from './support/axe';
import { useBrowser, watchForPageProblems } from './support/browser';
import { useWebApp } from './support/web-app';

const TOKEN = randomBytes(24).toString('base64url');
/** Twilio signs its receipts for this address; the fake posts them to the app's own port. */
const PUBLIC_URL = 'https://auth.example.test';

/** The console, signed in with the token, on the user search. */
async function openConsole(page: Page, t: TestApp): Promise<void> {
  await page.goto(`${new URL(t.adminUrl!).origin}/`);
  await page.getByLabel('Admin token').fill(TOKEN);
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('heading', { name: 'Users' }).waitFor();
}

async function openUser(page: Page, email: string, name: string): Promise<void> {
  await page.getByLabel('Search').fill(email);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('link', { name }).click();
  await page.getByRole('heading', { name }).waitFor();
}

/** The admin actions that have no user page to show them, read from the audit log itself. */
const auditOf = (t: TestApp, type: string) =>
  execute<{ actor: string; outcome: string; detail: string }[]>(
    t.app.database.db,
    'select actor, outcome, detail from audit_events where type = ?',
    [type],
  );

describe('the admin console’s user page, with texts going through Twilio', () => {
  const rig = useRig('local', 'twilio', {
    env: { PUBLIC_URL, ADMIN_PORT: '0', ADMIN_TOKEN: TOKEN },
  });
  const browser = useBrowser();

  it('shows each code and message sent, by channel, with the receipt Twilio reported', async () => {
    const { input, user } = await rig.t.registerVerified({ name: 'Timeline Person' });
    await rig.t.app.settled();
    const [code, confirmation] = rig.twilio.messages.filter((message) => message.to === user.phoneNumber);
    expect(await rig.twilio.report(code.sid, 'delivered', { via: rig.t.origin })).toBe(204);
    expect(await rig.twilio.report(confirmation.sid, 'undelivered', { via: rig.t.origin, errorCode: 30003 })).toBe(204);

    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await openConsole(page, rig.t);
    await openUser(page, input.email, 'Timeline Person');
    const timeline = page.getByRole('table', { name: 'Texts and calls' });
    const codeRow = timeline.getByRole('row').filter({ hasText: 'Code' });
    const messageRow = timeline.getByRole('row').filter({ hasText: 'Message' });
    await expect.poll(() => codeRow.innerText()).toMatch(/SMS\s+delivered/);
    // A text that never arrived says why, in Twilio's own error code, and how its hand-over went.
    expect(await messageRow.innerText()).toMatch(/SMS\s+undelivered \(Twilio error 30003\)\s+Handed on/);
    await browser.screenshot(page, 'admin-console-timeline');
    await expectAccessible(page, 'a user with their texts and calls');
    expect(problems).toEqual([]);
  });

  it('clears the limits of a phone that was refused a code, so it gets one again', async () => {
    const { input, user } = await rig.t.register({ name: 'Limited Person' });
    const signupAgain = async () =>
      (await rig.t.execute(RegisterUserDocument, { input: { ...aPerson(), phoneNumber: input.phoneNumber } }))
        .registerUser.errors;
    expect(await signupAgain()).toMatchObject([{ code: 'RATE_LIMITED' }]);
    const texts = (await rig.t.messagesTo(user.phoneNumber)).length;

    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await openConsole(page, rig.t);
    await openUser(page, input.email, 'Limited Person');
    await page.getByLabel('Reason for clearing limits').fill('ticket 77: locked out after a lost text');
    await page.getByRole('button', { name: 'Clear limits' }).click();
    await page.getByRole('status').getByText(`Cleared the code limits of ${user.phoneNumber}.`).waitFor();
    await page
      .getByRole('table', { name: 'Audit events' })
      .getByRole('row')
      .filter({ hasText: 'admin.limits_cleared' })
      .filter({ hasText: 'ticket 77: locked out after a lost text' })
      .waitFor();
    await expectAccessible(page, 'a user, limits cleared');

    expect(await signupAgain()).toEqual([]);
    expect(await rig.t.messagesTo(user.phoneNumber)).toHaveLength(texts + 1);
    expect(problems).toEqual([]);
  });

  it('deletes a user only after a reason and a confirmation, and search finds them no more', async () => {
    const { input } = await rig.t.registerVerified({ name: 'Leaving Person' });
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await openConsole(page, rig.t);
    await openUser(page, input.email, 'Leaving Person');

    await page.getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('alert').getByText('Give a reason: it goes into the audit log.').waitFor();
    await page.getByLabel('Reason for deleting the user').fill('asked by email, ticket 88');
    await page.getByRole('button', { name: 'Delete user' }).click();
    // Nothing is deleted yet: the console asks once more, and Cancel keeps the account.
    await page.getByRole('heading', { name: 'Delete Leaving Person for good?' }).waitFor();
    await browser.screenshot(page, 'admin-console-delete');
    await expectAccessible(page, 'a user, deletion to confirm');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete user' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Leaving Person' }).waitFor();

    await page.getByLabel('Reason for deleting the user').fill('asked by email, ticket 88');
    await page.getByRole('button', { name: 'Delete user' }).click();
    await page.getByRole('button', { name: 'Delete for good' }).click();
    await page.getByRole('heading', { name: 'User deleted' }).waitFor();
    await page.getByRole('status').getByText('Leaving Person’s account was deleted.').waitFor();
    await expectAccessible(page, 'a user deleted');

    await page.getByRole('link', { name: 'Search users' }).click();
    await page.getByLabel('Search').fill(input.email);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('status').getByText(`No user matches “${input.email}”.`).waitFor();
    const [deleted] = await auditOf(rig.t, 'admin.user_deleted');
    expect(deleted).toMatchObject({ actor: 'admin', outcome: 'success' });
    expect(JSON.parse(deleted.detail)).toMatchObject({ reason: 'asked by email, ticket 88' });
    expect(problems).toEqual([]);
  });
});

describe('the admin console’s blocked destinations, with the SMS guard enforcing', () => {
  const web = useWebApp({ ADMIN_PORT: '0', ADMIN_TOKEN: TOKEN, FRAUD_GUARD: 'enforce' });
  const browser = useBrowser();

  it('lists a prefix over its budget, and unblocks it with a reason that the audit log keeps', async () => {
    // Fifty unentered codes this hour to +1 628: far past the prefix's daily floor of twenty.
    const hour = Date.now() - (Date.now() % 3_600_000);
    await new GuardCountStore().add(web.t.app.database.db, [
      { key: 'h:p:+1628', bucket: hour, dest: '', sent: 50, verified: 0, spend: 0, asked: '', entered: '' },
    ]);
    const page = await browser.newPage();
    const problems = watchForPageProblems(page);
    await openConsole(page, web.t);
    await page.getByRole('link', { name: 'Blocked destinations' }).click();
    await page.getByRole('heading', { name: 'Blocked destinations' }).waitFor();
    const row = page.getByRole('table', { name: 'Blocked destinations' }).getByRole('row').filter({ hasText: '+1628' });
    expect(await row.innerText()).toMatch(/\+1628\s+Prefix\s+50\s+0/);
    await browser.screenshot(page, 'admin-console-blocked');
    await expectAccessible(page, 'blocked destinations');

    await page.getByRole('button', { name: 'Unblock +1628' }).click();
    await page.getByRole('alert').getByText('Give a reason: it goes into the audit log.').waitFor();
    await page.getByLabel('Reason for unblocking +1628').fill('a real customer launch in San Francisco');
    await page.getByRole('button', { name: 'Unblock +1628' }).click();
    await page.getByRole('status').getByText('Unblocked +1628 for the rest of the UTC day.').waitFor();
    await page.getByText('No destination is blocked now.').waitFor();
    await expectAccessible(page, 'blocked destinations, one unblocked');

    const [unblocked] = await auditOf(web.t, 'admin.destination_unblocked');
    expect(unblocked).toMatchObject({ actor: 'admin', outcome: 'success' });
    expect(JSON.parse(unblocked.detail)).toEqual({
      reason: 'a real customer launch in San Francisco',
      destination: '+1628',
    });
    expect(problems).toEqual([]);
  });
});
