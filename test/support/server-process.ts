import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** The GraphQL URL the server printed. */
  url: string;
  /** The metrics URL it printed, with METRICS_PORT set. */
  metricsUrl?: string;
  output(): string;
  /** Sends SIGTERM and answers the exit code. */
  stop(): Promise<number | null>;
}

/** Servers started and not exited yet: a test that fails before it stops its server leaves one. */
const running = new Set<ChildProcess>();

/** Kills the servers a file's tests left running; test/support/each-file.ts calls it after each file. */
export function killLeftoverServers(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * Starts the server in a process of its own, from its TypeScript (as `npm run dev` does) unless
 * `from` names a build's directory, and waits for the line that prints its URL.
 */
export function startServer(env: Record<string, string>, from?: { build: string }): Promise<ServerProcess> {
  const child = spawn(process.execPath, from ? ['dist/main.js'] : ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: from?.build ?? root,
    // The SMS guard off unless a test says otherwise: suites send many unentered codes to one prefix.
    env: { PATH: process.env.PATH, PORT: '0', LOG_LEVEL: 'warn', FRAUD_GUARD: 'off', ...env },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  const stop = () =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const { url, metricsUrl } = listeningIn(output) ?? {};
      if (url) resolve({ child, url, metricsUrl, output: () => output, stop });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
}

/**
 * The addresses a server printed: its banner in development (the metrics line comes with the URL's,
 * in the same write), or its JSON "server ready" line in production.
 */
function listeningIn(output: string): { url: string; metricsUrl?: string } | undefined {
  const url = /GraphQL API ready at (\S+)/.exec(output)?.[1];
  if (url) return { url, metricsUrl: /Metrics at (\S+)/.exec(output)?.[1] };
  for (const line of output.split('\n')) {
    if (!line.includes('"server ready"') || !line.endsWith('}')) continue;
    const entry = JSON.parse(line) as { msg?: string; url?: string; metricsUrl?: string };
    if (entry.msg === 'server ready' && entry.url) return { url: entry.url, metricsUrl: entry.metricsUrl };
  }
  return undefined;
}
