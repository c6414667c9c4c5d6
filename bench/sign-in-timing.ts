import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { print } from 'graphql';
import { RegisterUserDocument, RequestSignInCodeDocument, VerifyUserDocument } from '../client/generated/graphql';

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
  const { url, stop } = await startServer({
    DATABASE_URL: database,
    APP_SECRET: 'sign-in-timing-bench-secret-0123456789',
    TRUST_PROXY: '1',
    RATE_LIMIT_REGISTER_IP: 'off',
    RATE_LIMIT_CODE_COOLDOWN: 'off',
    RATE_LIMIT_CODES: 'off',
    RATE_LIMIT_SMS_GLOBAL: 'off',
    RATE_LIMIT_SIGN_IN_CODE_IP: 'off',
    // 200 signups to one prefix, half never verified: what is timed is the answer, not the SMS guard.
    FRAUD_GUARD: 'off',
  });
  const codeSentTo = async (phone: string) => {
    const [message] = (await (await fetch(new URL(`/dev/outbox?to=${encodeURIComponent(phone)}`, url))).json()) as {
      body: string;
    }[];
    return /code is (\d{6})/.exec(message.body)![1];
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
  let ips = 0;
  const post = async (document: Parameters<typeof print>[0], variables: object) => {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `10.${(++ips >> 16) & 255}.${(ips >> 8) & 255}.${ips & 255}`,
      },
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as { data: Record<string, { errors: unknown[] }> };
    return { ms: performance.now() - started, body };
  };

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

  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
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

/** The server as `npm start` runs it, in a child process; answers its URL once it is listening. */
function startServer(env: Record<string, string>): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: join(__dirname, '..'),
    env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: '0', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const url = /GraphQL API ready at (\S+)/.exec(output)?.[1];
      if (url) resolve({ url, stop: () => child.kill('SIGTERM') });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

/** The share of calls the best single threshold on time sorts into the right kind. */
function bestSplit(a: number[], b: number[]): number {
  let best = 0.5;
  for (const threshold of [...a, ...b]) {
    const right = a.filter((x) => x <= threshold).length + b.filter((x) => x > threshold).length;
    const rightReversed = a.filter((x) => x > threshold).length + b.filter((x) => x <= threshold).length;
    best = Math.max(best, right / (a.length + b.length), rightReversed / (a.length + b.length));
  }
  return best;
}

void main();
