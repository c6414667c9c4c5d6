import { afterAll, describe, expect, it } from 'vitest';
import { fakeClock } from './support/clock';
import { startSiteverifyFake, type SiteverifyFake } from './fakes/siteverify.fake';
import { guardOn, solveAltcha, useGuardDatabases } from './fraud-guard-rig';

describe('the ALTCHA challenge', () => {
  const databases = useGuardDatabases();

  it('takes a solved challenge once, on any instance sharing the database', async () => {
    const time = fakeClock();
    const url = await databases.shared();
    const one = guardOn(await databases.connect(url), { clock: time.clock, captcha: { kind: 'altcha' } }).captcha!;
    const other = guardOn(await databases.connect(url), { clock: time.clock, captcha: { kind: 'altcha' } }).captcha!;
    const answer = await solveAltcha(one);
    expect(await other.verify(answer)).toBe(true);
    expect(await one.verify(answer)).toBe(false);
    expect(await other.verify(answer)).toBe(false);

    // Sent twice at the same moment, to both: exactly one is taken.
    const twice = await solveAltcha(one);
    expect((await Promise.all([one.verify(twice), other.verify(twice)])).filter(Boolean)).toHaveLength(1);
  });

  it('refuses an answer that is wrong, forged, expired, or not an answer at all', async () => {
    const time = fakeClock();
    const database = await databases.private();
    const { captcha, logs } = guardOn(database, { clock: time.clock, captcha: { kind: 'altcha' } });
    const payload = (answer: string) => JSON.parse(Buffer.from(answer, 'base64').toString('utf8'));
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');

    const wrong = payload(await solveAltcha(captcha!));
    wrong.solution.derivedKey = wrong.solution.derivedKey.replace(/^./, (digit: string) => (digit === '0' ? '1' : '0'));
    expect(await captcha!.verify(encode(wrong))).toBe(false);

    const forged = payload(await solveAltcha(captcha!));
    forged.challenge.parameters.data.expires += 86_400_000;
    expect(await captcha!.verify(encode(forged))).toBe(false);

    // Signed by another secret: another deployment's challenge.
    const elsewhere = guardOn(database, { clock: time.clock, captcha: { kind: 'altcha' }, secret: 'x'.repeat(40) });
    expect(await captcha!.verify(await solveAltcha(elsewhere.captcha!))).toBe(false);
    expect(await captcha!.verify(await solveAltcha(captcha!))).toBe(true);

    const late = await solveAltcha(captcha!);
    time.advance(10 * 60_000 + 1);
    expect(await captcha!.verify(late)).toBe(false);

    for (const garbage of ['', 'not base64 at all', encode({}), encode({ challenge: null }), 'x'.repeat(100_000)])
      expect(await captcha!.verify(garbage)).toBe(false);
    expect(logs.lines).toEqual([]);
  });
});

describe.each(['turnstile', 'hcaptcha'] as const)('the %s challenge, over its siteverify API', (provider) => {
  const databases = useGuardDatabases();
  let fake: SiteverifyFake;
  afterAll(() => fake?.close());

  const start = async () => {
    fake ??= await startSiteverifyFake(provider);
    fake.faults.clear();
    const config = { kind: provider, siteKey: fake.siteKey, secret: fake.secret, verifyUrl: fake.verifyUrl };
    return guardOn(await databases.private(), { clock: fakeClock().clock, captcha: config });
  };

  it("hands out the site key, and takes a person's token once, posting the form the provider expects", async () => {
    const { captcha } = await start();
    expect(await captcha!.challenge()).toEqual({ provider, siteKey: fake.siteKey });
    const token = fake.issueToken();
    expect(await captcha!.verify(token, '203.0.113.9')).toBe(true);
    expect(fake.requests.at(-1)).toMatchObject({
      method: 'POST',
      headers: expect.objectContaining({
        'content-type': expect.stringMatching(/^application\/x-www-form-urlencoded/),
      }),
      form: {
        secret: fake.secret,
        response: token,
        remoteip: '203.0.113.9',
        ...(provider === 'hcaptcha' ? { sitekey: fake.siteKey } : {}),
      },
    });
    expect(await captcha!.verify(token, '203.0.113.9')).toBe(false);
    expect(await captcha!.verify('made-up-token')).toBe(false);
  });

  it('counts a provider it cannot reach, or that fails, as no answer, and says so in the log', async () => {
    const { captcha, logs } = await start();
    fake.faults.drop();
    expect(await captcha!.verify(fake.issueToken())).toBe(false);
    fake.faults.respond({ status: 503, body: 'unavailable' });
    expect(await captcha!.verify(fake.issueToken())).toBe(false);
    fake.faults.malformed();
    expect(await captcha!.verify(fake.issueToken())).toBe(false);
    expect(logs.lines.filter((line) => line.includes('siteverify'))).toHaveLength(3);
    expect(logs.text()).not.toContain(fake.secret);
  });

  it('logs an error when the provider refuses our secret, without the secret', async () => {
    const { captcha, logs } = await start();
    fake.faults.respond({ status: 200, body: { success: false, 'error-codes': ['invalid-input-secret'] } });
    expect(await captcha!.verify(fake.issueToken())).toBe(false);
    expect(logs.lines).toEqual([expect.stringMatching(/"level":50.*invalid-input-secret.*check its secret/)]);
    expect(logs.text()).not.toContain(fake.secret);
  });
});
