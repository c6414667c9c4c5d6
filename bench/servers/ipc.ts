import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

/** What a server child reports when asked: memory in bytes, times in ms. */
export interface ChildStats {
  rss: number;
  heapUsed: number;
  /** Since the previous `stats` request: the event loop's delay, and its utilization (0 to 1). */
  eventLoopDelay: { p50: number; p99: number; max: number; samples: number };
  eventLoopUtilization: number;
  /** Since the previous `stats` request: CPU time of the whole process (threads included) over wall time, in cores. */
  cpuCores: number;
}

export type Handler = (message: Record<string, unknown>) => unknown;

const RESOLUTION_MS = 1;

/**
 * Answers the parent's requests (`{ id, type }` -> `{ id, ...answer }`) and announces `ready`.
 * Every child exits when the parent goes away, so a crashed or interrupted bench leaves no process behind.
 */
export function answerParent(ready: Record<string, unknown>, handlers: Record<string, Handler>): void {
  process.on('disconnect', () => process.exit(0));
  const answer = async (message: Record<string, unknown>) => {
    const handler = handlers[String(message.type)];
    try {
      const answer = handler ? await handler(message) : { error: `unknown request ${String(message.type)}` };
      process.send?.({ id: message.id, ...(answer as object) });
    } catch (error) {
      process.send?.({ id: message.id, error: String(error) });
    }
  };
  // answer() never rejects: every failure goes back to the parent as `error`.
  process.on('message', (message: Record<string, unknown>) => void answer(message));
  process.send?.({ type: 'ready', ...ready });
}

const IDLE_POLL_MS = 10;
const IDLE_LIMIT_MS = 60_000;

/**
 * The handlers every server child has: stats (RSS, event loop, CPU), idle (waits out requests still
 * being worked on after the load generator hung up) and a clean stop.
 */
export function serveOverIpc(port: number, close: () => Promise<void>, inFlight: () => number = () => 0): void {
  const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  delay.enable();
  // The histogram records whole timer intervals; the delay is what exceeds the resolution.
  const ms = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  let since = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), at: performance.now() };
  answerParent(
    { port },
    {
      stats: (): ChildStats => {
        const { rss, heapUsed } = process.memoryUsage();
        const eventLoopDelay = {
          p50: ms(delay.percentile(50)),
          p99: ms(delay.percentile(99)),
          max: ms(delay.max),
          samples: delay.count,
        };
        delay.reset();
        const now = { elu: performance.eventLoopUtilization(), cpu: process.cpuUsage(), at: performance.now() };
        const cpu = process.cpuUsage(since.cpu);
        const eventLoopUtilization = performance.eventLoopUtilization(now.elu, since.elu).utilization;
        const cpuCores = (cpu.user + cpu.system) / 1000 / (now.at - since.at);
        since = now;
        return { rss, heapUsed, eventLoopDelay, eventLoopUtilization, cpuCores };
      },
      gc: () => {
        globalThis.gc?.();
        const { rss, heapUsed } = process.memoryUsage();
        return { rss, heapUsed };
      },
      idle: async () => {
        const started = performance.now();
        while (inFlight() > 0 && performance.now() - started < IDLE_LIMIT_MS)
          await new Promise((resolve) => setTimeout(resolve, IDLE_POLL_MS));
        return { waitedMs: performance.now() - started, inFlight: inFlight() };
      },
      stop: async () => {
        delay.disable();
        await close();
        setImmediate(() => process.exit(0));
        return { stopped: true };
      },
    },
  );
}
