import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ChildStats } from './servers/ipc';
import { ROOT } from './settings';

const STOP_GRACE_MS = 10_000;
const running = new Set<Child>();

/** A bench child process (a server or the hash-rate probe) on the other end of an IPC channel. */
export class Child {
  private nextId = 1;
  private readonly pending = new Map<
    number,
    { resolve: (value: Record<string, unknown>) => void; reject: (error: Error) => void }
  >();
  private readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    private readonly child: ChildProcess,
    readonly ready: Record<string, unknown>,
  ) {
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    child.on('message', (message: Record<string, unknown>) => {
      const waiting = this.pending.get(Number(message.id));
      if (!waiting) return;
      this.pending.delete(Number(message.id));
      if (message.error) waiting.reject(new Error(`${name}: ${String(message.error)}`));
      else waiting.resolve(message);
    });
    child.once('exit', (code, signal) => {
      running.delete(this);
      for (const { reject } of this.pending.values())
        reject(new Error(`${name} exited (code ${code}, signal ${signal})`));
      this.pending.clear();
    });
  }

  /**
   * `entry` is a file under bench/servers/; resolves once the child says it is ready. `--expose-gc`
   * lets the memory scenario tell garbage not yet collected from memory still held.
   */
  static start(name: string, entry: string, env: NodeJS.ProcessEnv = {}): Promise<Child> {
    // The same Node binary; the harness is TypeScript, loaded through swc (the project server itself
    // runs from dist/, see servers/project.ts). BENCH_NODE_ARGS adds flags to every child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (Node refuses those in NODE_OPTIONS).
    const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const child = spawn(
      process.execPath,
      [...extra, '--expose-gc', '-r', '@swc-node/register', join(__dirname, 'servers', entry)],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_ENV: 'development', ...env },
        // The children's output (warnings, errors) goes to stderr, keeping stdout for the report.
        stdio: ['ignore', 2, 2, 'ipc'],
      },
    );
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`${name} exited before it was ready (code ${code})`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.on('message', function onReady(message: Record<string, unknown>) {
        if (message.type !== 'ready') return;
        child.off('message', onReady);
        child.off('exit', onExit);
        const handle = new Child(name, child, message);
        running.add(handle);
        resolve(handle);
      });
    });
  }

  get port(): number {
    return Number(this.ready.port);
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  request<T>(type: string, fields: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<Record<string, unknown>>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.child.send({ id, type, ...fields });
    }) as Promise<T>;
  }

  /** RSS now, and the event loop and CPU since the previous call (which starts them afresh). */
  stats(): Promise<ChildStats> {
    return this.request<ChildStats>('stats');
  }

  /** Memory right after a full garbage collection. */
  collectGarbage(): Promise<{ rss: number; heapUsed: number }> {
    return this.request('gc');
  }

  /** Resolves once the server has answered every request it received, answered or abandoned by the client. */
  async idle(): Promise<void> {
    const { inFlight } = await this.request<{ inFlight: number }>('idle');
    if (inFlight > 0) throw new Error(`${this.name} still had ${inFlight} requests in flight after a minute`);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    await this.idle().catch(() => undefined);
    await this.request('stop').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Stops every child still running; used on the way out, whatever happened. */
export async function stopAllChildren(): Promise<void> {
  await Promise.all([...running].map((child) => child.stop()));
}

/** Last resort on an abrupt exit: signal each child we started, by its own pid. */
export function killAllChildren(): void {
  for (const child of running) if (child.pid) process.kill(child.pid, 'SIGKILL');
}
