import type { Child } from './children';
import { load, type LoadOptions, type LoadResult } from './load';
import type { Sample, ServerLoad } from './stats';
import type { Settings } from './settings';

export interface Target<T> {
  name: string;
  run(seconds: number): Promise<T>;
}

/**
 * Warms each target up once, then runs them in turn, round after round (A, B, C, A, B, C …), so
 * that drift in the machine (thermal, noisy neighbours) lands on every target alike.
 */
export async function alternate<T>(
  targets: Target<T>[],
  settings: Settings,
  log: (line: string) => void,
): Promise<Record<string, T[]>> {
  for (const target of targets) {
    log(`  warm-up  ${target.name} (${settings.warmupSeconds} s)`);
    await target.run(settings.warmupSeconds);
  }
  const results: Record<string, T[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of targets) {
      log(`  round ${round}/${settings.rounds}  ${target.name} (${settings.seconds} s)`);
      results[target.name].push(await target.run(settings.seconds));
    }
  }
  return results;
}

/**
 * Runs `work` while watching the server (event loop, CPU) and this process, which generates the
 * load: on a small machine the load generator competes with the server for the same cores.
 */
export async function watched<T>(
  server: Child,
  work: () => Promise<T>,
): Promise<{ result: T; server: ServerLoad; loaderCpuCores: number }> {
  await server.idle();
  await server.stats(); // starts the server's counters afresh
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const { eventLoopDelay, eventLoopUtilization, cpuCores } = await server.stats();
  return {
    result,
    server: { eventLoopDelay, eventLoopUtilization, cpuCores },
    loaderCpuCores: (used.user + used.system) / 1000 / (performance.now() - started),
  };
}

/** One load run against a server child, with what the server and the load generator did meanwhile. */
export async function measured(server: Child, options: LoadOptions): Promise<Sample> {
  const { result, ...around } = await watched<LoadResult>(server, () => load(options));
  return { ...result, ...around };
}
