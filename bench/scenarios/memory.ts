import type { Child } from '../children';
import { load } from '../load';
import { measured } from '../rounds';
import { meRequests } from '../requests';
import { fmtMiB, rowOf } from '../table';
import { summarize } from '../stats';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

/**
 * The project server's memory after a warm-up and after a fixed number of `me` requests, on a fresh
 * process, each read right after a forced full GC so garbage not yet collected does not count. The
 * heap is the figure that shows growth; RSS also moves with when V8 hands pages back to the system.
 */
export async function memoryScenario(
  project: Child,
  { settings, seeded, log }: ScenarioContext,
): Promise<ScenarioResult> {
  const options = { url: urlOf(project), connections: settings.connections, ...meRequests(seeded.meTokens) };
  log(`  warm-up  me (${settings.warmupSeconds} s)`);
  await load({ ...options, duration: settings.warmupSeconds });
  await project.idle();
  const before = await project.collectGarbage();
  log(`  me x ${settings.memoryRequests.toLocaleString('en-US')}`);
  const summary = summarize([await measured(project, { ...options, amount: settings.memoryRequests })]);
  const after = await project.collectGarbage();
  const heapGrowth = after.heapUsed - before.heapUsed;
  const memory = {
    requests: settings.memoryRequests,
    afterGc: {
      rssAfterWarmup: before.rss,
      rssAfterRequests: after.rss,
      heapUsedAfterWarmup: before.heapUsed,
      heapUsedAfterRequests: after.heapUsed,
    },
    heapGrowth,
  };
  const n = settings.memoryRequests.toLocaleString('en-US');
  const sign = (bytes: number) => `${bytes >= 0 ? '+' : '-'}${fmtMiB(Math.abs(bytes))}`;
  return {
    rows: [rowOf(`4 memory (${settings.connections} conn)`, `project: me x ${n}`, summary, `heap ${sign(heapGrowth)}`)],
    json: { ...memory, run: summary },
    notes: [
      `Memory (project server, fresh process, me x ${n}; each reading right after a forced full GC): heap used ${fmtMiB(before.heapUsed)} -> ${fmtMiB(after.heapUsed)}, ${sign(heapGrowth)};`,
      `  RSS ${fmtMiB(before.rss)} -> ${fmtMiB(after.rss)}, ${sign(after.rss - before.rss)}.`,
    ],
  };
}
