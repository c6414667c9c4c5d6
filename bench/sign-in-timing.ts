import { RegisterUserDocument, RequestSignInCodeDocument, VerifyUserDocument } from '../client/generated/graphql';
import { bestSplit, median, timingServer } from './timing-rig';

/**
 * `npm run bench:sign-in-timing`: can the time requestSignInCode takes tell an unknown email or
 * number from an account's? Measured as `npm run bench:resend-timing` measures resendCode: 100
 * calls per kind over real HTTP to a server in a process of its own, each from its own address,
 * with a pause after every call for the code sent in the background; prints the medians and how
 * often the best threshold between two kinds tells them apart. 50% is a coin toss; with 100 calls
 * a kind, chance alone reaches about 55-60%.
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 100);

type Kind = 'unknown' | 'verified' | 'unverified';

async function main() {
  const database = process.env.BENCH_DATABASE_URL ?? 'sqlite::memory:';
  const { post, codeSentTo, settle, stop } = await timingServer({
    DATABASE_URL: database,
    APP_SECRET: 'sign-in-timing-bench-secret-0123456789',
    RATE_LIMIT_SIGN_IN_CODE_IP: 'off',
  });

  const accounts: Record<Exclude<Kind, 'unknown'>, { email: string; phoneNumber: string }[]> = {
    unverified: [],
    verified: [],
  };
  for (let i = 0; i < CALLS; i++) {
    for (const verify of [false, true]) {
      const email = `timing-${verify ? 'v' : 'u'}${i}@example.com`;
      const phoneNumber = `+1415555${String(i + (verify ? 5000 : 1000)).padStart(4, '0')}`;
      await post(RegisterUserDocument, {
        input: { name: 'Timing Probe', email, password: 'correct horse battery', phoneNumber },
      });
      if (verify) await post(VerifyUserDocument, { input: { email, code: await codeSentTo(phoneNumber) } });
      accounts[verify ? 'verified' : 'unverified'].push({ email, phoneNumber });
    }
  }
  await settle();

  // Named by email, then by number: each way must not show whether a verified account is there.
  const ways = [
    [
      'by email',
      (kind: Kind, i: number) => ({ email: kind === 'unknown' ? `nobody-${i}@example.com` : accounts[kind][i].email }),
    ],
    [
      'by number',
      (kind: Kind, i: number) => ({
        phoneNumber:
          kind === 'unknown' ? `+1415555${String(i + 8000).padStart(4, '0')}` : accounts[kind][i].phoneNumber,
      }),
    ],
  ] as const;
  for (const [way, inputOf] of ways) {
    const times: Record<Kind, number[]> = { unknown: [], verified: [], unverified: [] };
    for (let i = 0; i < CALLS; i++) {
      // In a new order each round, so no kind always follows the background work of another.
      const round: Kind[] = ['unknown', 'verified', 'unverified'];
      for (const kind of round.sort(() => Math.random() - 0.5)) {
        const { ms, body } = await post(RequestSignInCodeDocument, { input: inputOf(kind, i) });
        if (body.data.requestSignInCode.errors.length > 0)
          throw new Error(`requestSignInCode refused: ${JSON.stringify(body)}`);
        times[kind].push(ms);
        // Each call on a quiet server: the one before it may have started a send in the background.
        await settle();
      }
    }
    console.log(`requestSignInCode ${way} over HTTP, ${CALLS} calls per kind, ${database.split(':')[0]}`);
    for (const [kind, values] of Object.entries(times))
      console.log(`  ${kind.padEnd(10)} median ${median(values).toFixed(2)} ms`);
    console.log(
      `  unknown vs verified:   the best threshold tells them apart ${(100 * bestSplit(times.unknown, times.verified)).toFixed(0)}% of the time`,
    );
    console.log(
      `  unknown vs unverified: the best threshold tells them apart ${(100 * bestSplit(times.unknown, times.unverified)).toFixed(0)}% of the time`,
    );
  }
  await stop();
}

void main();
