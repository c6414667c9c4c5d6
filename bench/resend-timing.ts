import {
  RegisterUserDocument,
  RequestPasswordResetDocument,
  ResendCodeDocument,
  VerifyUserDocument,
} from '../client/generated/graphql';
import { bestSplit, median, timingServer } from './timing-rig';

/**
 * `npm run bench:resend-timing`: can the time resendCode or requestPasswordReset takes tell an
 * unknown email from an account's? 100 calls per kind over real HTTP to a server in a process of its own (a client in the
 * server's process would be slowed by the server's background work, and measure that instead),
 * each from its own address; prints the medians and how often the best threshold between two kinds
 * tells them apart. 50% is a coin toss; with 100 calls a kind, chance alone reaches about 55-60%.
 */
const CALLS = Number(process.env.BENCH_CALLS ?? 100);

async function main() {
  const database = process.env.BENCH_DATABASE_URL ?? 'sqlite::memory:';
  const { post, codeSentTo, settle, stop } = await timingServer({
    DATABASE_URL: database,
    APP_SECRET: 'resend-timing-bench-secret-0123456789',
    RATE_LIMIT_RESET_IP: 'off',
    RATE_LIMIT_RESEND_IP: 'off',
  });

  const unverified: string[] = [];
  const verified: string[] = [];
  for (let i = 0; i < CALLS; i++) {
    for (const [list, verify] of [
      [unverified, false],
      [verified, true],
    ] as const) {
      const email = `timing-${verify ? 'v' : 'u'}${i}@example.com`;
      const phoneNumber = `+1415555${String(i + (verify ? 5000 : 1000)).padStart(4, '0')}`;
      await post(RegisterUserDocument, {
        input: { name: 'Timing Probe', email, password: 'correct horse battery', phoneNumber },
      });
      if (verify) await post(VerifyUserDocument, { input: { email, code: await codeSentTo(phoneNumber) } });
      list.push(email);
    }
  }
  await settle();

  // resendCode sends to unverified accounts, requestPasswordReset to verified ones: each must not show which.
  const operations = [
    ['resendCode', ResendCodeDocument],
    ['requestPasswordReset', RequestPasswordResetDocument],
  ] as const;
  for (const [name, document] of operations) {
    const times = { unknown: [] as number[], verified: [] as number[], unverified: [] as number[] };
    for (let i = 0; i < CALLS; i++) {
      // In a new order each round, so no kind always follows the background work of another.
      const round = [
        ['unknown', `nobody-${name}-${i}@example.com`],
        ['verified', verified[i]],
        ['unverified', unverified[i]],
      ] as const;
      for (const [kind, email] of [...round].sort(() => Math.random() - 0.5)) {
        const { ms, body } = await post(document, { input: { email } });
        if (body.data[name].errors.length > 0) throw new Error(`${name} refused: ${JSON.stringify(body)}`);
        times[kind].push(ms);
        // Each call on a quiet server: the one before it may have started a send in the background.
        await settle();
      }
    }
    console.log(`${name} over HTTP, ${CALLS} calls per kind, ${database.split(':')[0]}`);
    for (const [kind, values] of Object.entries(times))
      console.log(`  ${kind.padEnd(10)} median ${median(values).toFixed(2)} ms`);
    console.log(
      `  unknown vs unverified: the best threshold tells them apart ${(100 * bestSplit(times.unknown, times.unverified)).toFixed(0)}% of the time`,
    );
    console.log(
      `  unknown vs verified:   the best threshold tells them apart ${(100 * bestSplit(times.unknown, times.verified)).toFixed(0)}% of the time`,
    );
  }
  await stop();
}

void main();
