import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LoginDocument, RegisterUserDocument } from '../client/generated/graphql';
import { destinationOf } from '../src/abuse/fraud-guard/destination';
import { GuardCountStore } from '../src/abuse/fraud-guard/guard-count.store';
import { AuditLog } from '../src/audit/audit-log';
import { aPerson, useTestApp } from './support/test-app';

const TOKEN = randomBytes(24).toString('base64url');

describe('the admin API, on its own port', () => {
  const t = useTestApp({ ADMIN_PORT: '0', ADMIN_TOKEN: TOKEN, FRAUD_GUARD: 'monitor' });

  const admin = async (query: string, variables: Record<string, unknown> = {}, token: string | null = TOKEN) => {
    const response = await fetch(t.adminUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
      body: JSON.stringify({ query, variables }),
    });
    // Each test reads the answer by the path its own query asked for.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: response.status, body: (await response.json()) as { data?: any; errors?: any[] } };
  };

  it('refuses a request without the token, or with a wrong one, with 401 and a JSON error', async () => {
    for (const token of [null, 'wrong', `${TOKEN}x`]) {
      const { status, body } = await admin('{ conversion(since: "2020-01-01T00:00:00Z") { key } }', {}, token);
      expect(status).toBe(401);
      expect(body.errors?.[0].extensions.code).toBe('UNAUTHENTICATED');
      expect(JSON.stringify(body)).not.toContain(TOKEN);
    }
  });

  it('is not reachable on the public port', async () => {
    for (const path of ['/admin/graphql', '/graphql']) {
      const response = await fetch(new URL(path, t.origin), {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
        body: JSON.stringify({ query: '{ users(search: "ada") { nodes { id } } }' }),
      });
      const body = (await response.json().catch(() => ({}))) as { data?: unknown };
      expect(body.data ?? null).toBeNull();
    }
    expect(new URL(t.adminUrl!).port).not.toBe(new URL(t.origin).port);
  });

  it('finds a user by email, by E.164 phone number and by the start of the name', async () => {
    const { input, user } = await t.register({ name: 'Grace Hopper' });
    const find = async (search: string) =>
      (await admin('query ($s: String!) { users(search: $s) { nodes { id email phoneNumber } } }', { s: search })).body
        .data.users.nodes as { id: string }[];
    expect(await find(input.email.toUpperCase())).toEqual([
      { id: user.id, email: input.email, phoneNumber: user.phoneNumber },
    ]);
    expect((await find(user.phoneNumber)).map((u) => u.id)).toEqual([user.id]);
    expect((await find('Grace Hop')).map((u) => u.id)).toEqual([user.id]);
    expect((await find(user.id)).map((u) => u.id)).toEqual([user.id]);
  });

  it('pages through users with a cursor', async () => {
    for (let i = 0; i < 3; i++) await t.register({ name: 'Pager Person' });
    const page = (after: string | null) =>
      admin(
        'query ($a: String) { users(search: "Pager", first: 2, after: $a) { nodes { id } endCursor hasNextPage } }',
        {
          a: after,
        },
      );
    const first = (await page(null)).body.data.users;
    expect(first).toMatchObject({ hasNextPage: true });
    expect(first.nodes).toHaveLength(2);
    const second = (await page(first.endCursor)).body.data.users;
    expect(second).toMatchObject({ hasNextPage: false });
    expect(second.nodes).toHaveLength(1);
    expect(second.nodes[0].id).not.toBe(first.nodes[0].id);
  });

  it('verifies an unverified user by hand, and the audit log shows it with the admin actor and the reason', async () => {
    const { user } = await t.register();
    const verify = 'mutation ($id: ID!, $r: String!) { verifyUserManually(id: $id, reason: $r) }';
    const refused = await admin(verify, { id: user.id, r: '  ' });
    expect(refused.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const before = await admin('query ($id: ID!) { user(id: $id) { verified } }', { id: user.id });
    expect(before.body.data.user.verified).toBe(false);

    expect((await admin(verify, { id: user.id, r: 'code never arrives in their country' })).body.data).toEqual({
      verifyUserManually: true,
    });
    const after = await admin(
      'query ($id: ID!) { user(id: $id) { verified auditEvents { type actor outcome detail } } }',
      {
        id: user.id,
      },
    );
    expect(after.body.data.user.verified).toBe(true);
    expect(after.body.data.user.auditEvents).toContainEqual({
      type: 'admin.user_verified',
      actor: 'admin',
      outcome: 'success',
      detail: { reason: 'code never arrives in their country', alreadyVerified: false },
    });
  });

  it('revokes a user’s sessions with a reason', async () => {
    const { user } = await t.registerVerified();
    const sessions = async () =>
      (await admin('query ($id: ID!) { user(id: $id) { sessions { id } } }', { id: user.id })).body.data.user.sessions;
    expect(await sessions()).toHaveLength(1);
    const revoked = await admin('mutation ($id: ID!) { revokeSessions(userId: $id, reason: "lost phone") }', {
      id: user.id,
    });
    expect(revoked.body.data).toEqual({ revokeSessions: 1 });
    expect(await sessions()).toEqual([]);
  });

  it('reports codes sent and verified per country since a time', async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const conversion = async () =>
      (
        (await admin('query ($s: DateTimeISO!) { conversion(since: $s) { key sent verified ratio } }', { s: since }))
          .body.data.conversion as { key: string }[]
      ).find((row) => row.key === 'US');
    const start = (await conversion()) ?? { sent: 0, verified: 0 };
    await t.registerVerified();
    await t.register();
    const { sent, verified } = start as { sent: number; verified: number };
    expect(await conversion()).toEqual({
      key: 'US',
      sent: sent + 2,
      verified: verified + 1,
      ratio: (verified + 1) / (sent + 2),
    });
  });
  it('shows the texts sent to a user’s number, with their attempts, and the codes sent, newest first', async () => {
    const { user } = await t.registerVerified();
    await t.app.settled();
    const timeline = async () =>
      (
        await admin(
          'query ($id: ID!) { user(id: $id) { deliveries { kind channel status at attempts { delivered } } } }',
          { id: user.id },
        )
      ).body.data.user.deliveries as { kind: string; at: string; status: string | null; attempts: unknown[] }[];
    const deliveries = await timeline();
    expect(deliveries.map((d) => d.kind)).toEqual(['MESSAGE', 'CODE']);
    expect(deliveries[0]).toMatchObject({ channel: 'SMS', status: 'sent', attempts: [{ delivered: true }] });
    expect(deliveries[1]).toMatchObject({ attempts: [] });
    expect(Date.parse(deliveries[0].at)).toBeGreaterThanOrEqual(Date.parse(deliveries[1].at));
  });

  it('reports codes sent and verified per prefix', async () => {
    const since = new Date(Date.now() - 3_600_000).toISOString();
    const { user } = await t.registerVerified();
    const { prefix } = destinationOf(user.phoneNumber);
    const rows = (
      await admin('query ($s: DateTimeISO!) { conversion(groupBy: PREFIX, since: $s) { key sent verified } }', {
        s: since,
      })
    ).body.data.conversion as { key: string; sent: number; verified: number }[];
    const row = rows.find((r) => r.key === prefix);
    expect(row?.sent).toBeGreaterThanOrEqual(1);
    expect(row?.verified).toBeGreaterThanOrEqual(1);
    expect(rows.some((r) => r.key === 'US')).toBe(false);
  });

  it('clears a phone’s code limits with a reason, so a phone in its cooldown gets a code at once', async () => {
    const { input, user } = await t.register();
    const phone = user.phoneNumber;
    const again = async () =>
      (await t.execute(RegisterUserDocument, { input: { ...aPerson(), phoneNumber: input.phoneNumber } })).registerUser
        .errors;
    const texts = async () => (await t.messagesTo(phone)).length;
    const sent = await texts();
    expect(await again()).toMatchObject([{ code: 'RATE_LIMITED' }]);
    expect(await texts()).toBe(sent);

    const clear = 'mutation ($p: String!, $r: String!) { clearLimits(phone: $p, reason: $r) }';
    expect((await admin(clear, { p: phone, r: ' ' })).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await admin(clear, { p: 'not a phone', r: 'x' })).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await admin(clear, { p: phone, r: 'locked out after a lost text' })).body.data).toEqual({
      clearLimits: true,
    });
    expect(await again()).toEqual([]);
    expect(await texts()).toBe(sent + 1);
    const events = await admin('query ($id: ID!) { user(id: $id) { auditEvents { type actor detail } } }', {
      id: user.id,
    });
    expect(events.body.data.user.auditEvents).toContainEqual({
      type: 'admin.limits_cleared',
      actor: 'admin',
      detail: { reason: 'locked out after a lost text' },
    });
  });
  it('lists every audit event newest first, in pages that neither skip nor repeat one, by type or prefix', async () => {
    // Five events of one kind, three of them in the same millisecond: the pages must still order them.
    const times = [1_000, 2_000, 2_000, 2_000, 3_000].map((ms) => new Date(Date.UTC(2030, 0, 1) + ms));
    const { database } = t.app;
    for (const [i, at] of times.entries())
      await new AuditLog({ database, clock: () => at }).recordNow({
        type: i % 2 ? 'paging.odd' : 'paging.even',
        userId: null,
        actor: 'system',
        outcome: 'success',
        detail: { n: i },
      });
    const list =
      'query ($t: String, $f: Int, $a: String) { auditEvents(type: $t, first: $f, after: $a) { nodes { at type detail } endCursor hasNextPage } }';
    type Page = { nodes: { at: string; detail: { n: number } }[]; endCursor: string | null; hasNextPage: boolean };
    const pages: Page['nodes'][] = [];
    let after: string | null = null;
    do {
      const page: Page = (await admin(list, { t: 'paging.', f: 2, a: after })).body.data.auditEvents;
      pages.push(page.nodes);
      after = page.hasNextPage ? page.endCursor : null;
    } while (after);
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    const seen = pages.flat();
    expect(seen.map((event) => event.detail.n).sort()).toEqual([0, 1, 2, 3, 4]);
    expect(seen[0].detail.n).toBe(4);
    expect(seen.at(-1)!.detail.n).toBe(0);
    expect(seen.map((event) => Date.parse(event.at))).toEqual(times.map((at) => at.getTime()).reverse());

    const odd = (await admin(list, { t: 'paging.odd' })).body.data.auditEvents.nodes as { type: string }[];
    expect(odd.map((event) => event.type)).toEqual(['paging.odd', 'paging.odd']);
    // A prefix is whole segments: "paging.o" is no type and no prefix of one.
    expect((await admin(list, { t: 'paging.o' })).body.data.auditEvents.nodes).toEqual([]);
  });

  it('shows events that concern no user, such as a sign-in for an unknown email, with the user where there is one', async () => {
    const { user } = await t.registerVerified();
    const email = `nobody-${randomBytes(4).toString('hex')}@example.com`;
    const { login } = await t.execute(LoginDocument, { input: { email, password: 'not a password at all' } });
    expect(login.errors).toMatchObject([{ code: 'INVALID_CREDENTIALS' }]);
    const events = (await admin('{ auditEvents(type: "login.failed") { nodes { type actor outcome userId ip } } }'))
      .body.data.auditEvents.nodes;
    expect(events[0]).toMatchObject({ type: 'login.failed', actor: 'user', outcome: 'failure', userId: null });
    expect(events[0].ip).toEqual(expect.any(String));
    const verified = (await admin('{ auditEvents(type: "user.verified", first: 1) { nodes { userId } } }')).body.data
      .auditEvents.nodes;
    expect(verified).toEqual([{ userId: user.id }]);
  });

  it('refuses an unknown kind of filter, a page size out of bounds and a made-up cursor, and asks for the token', async () => {
    const list =
      'query ($t: String, $f: Int, $a: String, $s: DateTimeISO) { auditEvents(type: $t, first: $f, after: $a, since: $s) { nodes { id } } }';
    for (const variables of [
      { t: 'code.%' },
      { t: 'Code.' },
      { t: '.' },
      { f: 0 },
      { f: 101 },
      { a: 'bm90IGEgY3Vyc29y' },
    ])
      expect((await admin(list, variables)).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await admin(list, { s: future })).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const recent = new Date(Date.now() - 60_000).toISOString();
    expect((await admin(list, { s: recent })).body.data.auditEvents.nodes).toEqual(expect.any(Array));
    const refused = await admin('{ auditEvents { nodes { id } } }', {}, null);
    expect(refused.status).toBe(401);
    expect(refused.body.data ?? null).toBeNull();
  });

  it('deletes a user with a reason: the account is gone, and the audit log keeps who did it and why', async () => {
    const { input, user } = await t.registerVerified();
    const remove = 'mutation ($id: ID!, $r: String!) { deleteUser(id: $id, reason: $r) }';
    expect((await admin(remove, { id: user.id, r: ' ' })).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await admin('query ($id: ID!) { user(id: $id) { id } }', { id: user.id })).body.data.user).not.toBeNull();

    expect((await admin(remove, { id: user.id, r: 'asked by email, ticket 88' })).body.data).toEqual({
      deleteUser: true,
    });
    expect((await admin('query ($id: ID!) { user(id: $id) { id } }', { id: user.id })).body.data.user).toBeNull();
    const found = await admin('query ($s: String!) { users(search: $s) { nodes { id } } }', { s: input.email });
    expect(found.body.data.users.nodes).toEqual([]);
    expect((await admin(remove, { id: user.id, r: 'again' })).body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');

    const { database } = t.app;
    const events = await new AuditLog({ database, clock: () => new Date() }).forUser(database.db, user.id);
    expect(events.map((event) => event.type)).toContain('user.deleted');
    expect(events.find((event) => event.type === 'admin.user_deleted')).toMatchObject({
      actor: 'admin',
      outcome: 'success',
      detail: { reason: 'asked by email, ticket 88' },
    });
    expect(events.every((event) => event.ip == null && event.userAgent == null)).toBe(true);
  });
});

describe('the admin API, with the SMS guard enforcing', () => {
  const t = useTestApp({ ADMIN_PORT: '0', ADMIN_TOKEN: TOKEN, FRAUD_GUARD: 'enforce' });
  const admin = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(t.adminUrl!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (await response.json()) as { data?: any; errors?: any[] };
  };

  it('lists a prefix over its budget as blocked, and unblock lets the next signup there get its code', async () => {
    // Fifty unentered codes this hour to +1 628: far past the prefix's daily floor of twenty.
    const hour = Date.now() - (Date.now() % 3_600_000);
    await new GuardCountStore().add(t.app.database.db, [
      { key: 'h:p:+1628', bucket: hour, dest: '', sent: 50, verified: 0, spend: 0, asked: '', entered: '' },
    ]);
    const signup = async () => {
      const input = { ...aPerson(), phoneNumber: `628555${String(1000 + Math.floor(Math.random() * 9000))}` };
      const { registerUser } = await t.execute(RegisterUserDocument, { input });
      return { errors: registerUser.errors, texts: await t.messagesTo(`+1${input.phoneNumber}`) };
    };
    expect((await signup()).errors).toMatchObject([{ code: 'SMS_BLOCKED' }]);
    const blocked = (await admin('{ blockedDestinations { destination kind sent verified } }')).data
      .blockedDestinations;
    expect(blocked).toContainEqual({ destination: '+1628', kind: 'PREFIX', sent: 50, verified: 0 });

    const unblock = 'mutation ($d: String!, $r: String!) { unblock(destination: $d, reason: $r) }';
    expect((await admin(unblock, { d: '+1628', r: '' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await admin(unblock, { d: 'nowhere', r: 'x' })).errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await admin(unblock, { d: '+1628', r: 'a real customer launch in San Francisco' })).data).toEqual({
      unblock: true,
    });
    const after = await signup();
    expect(after.errors).toEqual([]);
    expect(after.texts).toHaveLength(1);
    const list = (await admin('{ blockedDestinations { destination } }')).data.blockedDestinations;
    expect(list).not.toContainEqual({ destination: '+1628' });
  });

  it('lists the guard’s blocks and the unblock, which belong to no user, in the audit log', async () => {
    const hour = Date.now() - (Date.now() % 3_600_000);
    await new GuardCountStore().add(t.app.database.db, [
      { key: 'h:p:+1659', bucket: hour, dest: '', sent: 50, verified: 0, spend: 0, asked: '', entered: '' },
    ]);
    const input = { ...aPerson(), phoneNumber: '6595551234' };
    expect((await t.execute(RegisterUserDocument, { input })).registerUser.errors).toMatchObject([
      { code: 'SMS_BLOCKED' },
    ]);
    const unblock = 'mutation { unblock(destination: "+1659", reason: "ticket 9: a launch in Alabama") }';
    expect((await admin(unblock)).data).toEqual({ unblock: true });

    const list = 'query ($t: String) { auditEvents(type: $t) { nodes { type actor outcome userId detail } } }';
    const codes = (await admin(list, { t: 'code.' })).data.auditEvents.nodes as { type: string; detail: object }[];
    expect(codes.length).toBeGreaterThan(0);
    expect(codes.every((event) => event.type.startsWith('code.'))).toBe(true);
    expect(codes[0]).toMatchObject({ type: 'code.blocked', actor: 'system', outcome: 'failure', userId: null });
    expect(Object.keys(codes[0].detail).sort()).toEqual(['channel', 'decision', 'purpose', 'reason']);
    expect(codes[0].detail).toMatchObject({ purpose: 'signup', channel: 'sms' });

    const all = (await admin(list, {})).data.auditEvents.nodes as { type: string }[];
    expect(all[0]).toEqual({
      type: 'admin.destination_unblocked',
      actor: 'admin',
      outcome: 'success',
      userId: null,
      detail: { reason: 'ticket 9: a launch in Alabama', destination: '+1659' },
    });
    expect(all.map((event) => event.type)).toContain('code.blocked');
  });
});
