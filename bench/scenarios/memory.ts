import type { Child } from '../children';
import { load } from '../load';
import { meRequests } from '../requests';
import { fmtMiB, rowOf } from '../table';
import { summarize } from '../stats';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

/**
 * The project server's RSS after a warm-up and after a fixed number of `me` requests, on a fresh
 * process. RSS is read as it is; the heap after a forced GC, read next, tells garbage from growth.
 */
export async function memoryScenario(project: Child, { settings, seeded, log }: ScenarioContext): Promise<ScenarioResult> {
  const options = { url: urlOf(project), connections: settings.connections, ...meRequests(seeded.meTokens) };
  log(`  warm-up  me (${settings.warmupSeconds} s)`);
  await load({ ...options, duration: settings.warmupSeconds });
  await project.idle();
  const before = await project.stats();
  const beforeGc = await project.collectGarbage();
  log(`  me x ${settings.memoryRequests.toLocaleString('en-US')}`);
  const run = await load({ ...options, amount: settings.memoryRequests });
  await project.idle();
  const after = await project.stats();
  const afterGc = await project.collectGarbage();
  const growth = after.rss - before.rss;
  const { eventLoopDelay, eventLoopUtilization, cpuCores } = after;
  const summary = summarize([{ ...run, server: { eventLoopDelay, eventLoopUtilization, cpuCores } }]);
  const memory = {
    requests: settings.memoryRequests,
    rssAfterWarmup: before.rss,
    rssAfterRequests: after.rss,
    rssGrowth: growth,
    heapUsedAfterWarmup: before.heapUsed,
    heapUsedAfterRequests: after.heapUsed,
    afterGc: { rssAfterWarmup: beforeGc.rss, rssAfterRequests: afterGc.rss, heapUsedAfterWarmup: beforeGc.heapUsed, heapUsedAfterRequests: afterGc.heapUsed },
  };
  const n = settings.memoryRequests.toLocaleString('en-US');
  const sign = (bytes: number) => `${bytes >= 0 ? '+' : '-'}${fmtMiB(Math.abs(bytes))}`;
  return {
    rows: [rowOf(`4 memory (${settings.connections} conn)`, `project: me x ${n}`, summary, `RSS ${sign(growth)}`)],
    json: { ...memory, run: summary },
    notes: [
      `Memory (project server, fresh process, me x ${n}): RSS ${fmtMiB(before.rss)} after warm-up, ${fmtMiB(after.rss)} after, ${sign(growth)}.`,
      `  Heap used ${fmtMiB(before.heapUsed)} -> ${fmtMiB(after.heapUsed)}; right after a forced full GC (taken after each reading) ${fmtMiB(beforeGc.heapUsed)} -> ${fmtMiB(afterGc.heapUsed)}, ${sign(afterGc.heapUsed - beforeGc.heapUsed)}.`,
    ],
  };
}
