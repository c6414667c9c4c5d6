import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { print } from 'graphql';

/**
 * What the timing benches share: the server as `npm start` runs it, in a process of its own (a
 * client in the server's process would be slowed by the server's background work, and measure
 * that instead), GraphQL over real HTTP with each call from its own address, the codes it texted,
 * and how well the best threshold on time tells two kinds of call apart.
 */
export async function timingServer(env: Record<string, string>) {
  const { url, stop } = await startServer({
    TRUST_PROXY: '1',
    RATE_LIMIT_REGISTER_IP: 'off',
    RATE_LIMIT_CODE_COOLDOWN: 'off',
    RATE_LIMIT_CODES: 'off',
    RATE_LIMIT_SMS_GLOBAL: 'off',
    // 200 signups to one prefix, half never verified: what is timed is the answer, not the SMS guard.
    FRAUD_GUARD: 'off',
    ...env,
  });
  const codeSentTo = async (phone: string) => {
    const [message] = (await (await fetch(new URL(`/dev/outbox?to=${encodeURIComponent(phone)}`, url))).json()) as {
      body: string;
    }[];
    return /\d{6}/.exec(message.body)![0];
  };
  // The server sends codes in the background; a pause lets that finish before the next call.
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
  return { post, codeSentTo, settle, stop };
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The share of calls the best single threshold on time sorts into the right kind. */
export function bestSplit(a: number[], b: number[]): number {
  let best = 0.5;
  for (const threshold of [...a, ...b]) {
    const right = a.filter((x) => x <= threshold).length + b.filter((x) => x > threshold).length;
    const rightReversed = a.filter((x) => x > threshold).length + b.filter((x) => x <= threshold).length;
    best = Math.max(best, right / (a.length + b.length), rightReversed / (a.length + b.length));
  }
  return best;
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
