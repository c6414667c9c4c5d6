import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { ScenarioResult } from './scenarios/context';
import type { Settings } from './settings';
import { formatTable } from './table';

export function describeMachine(settings: Settings) {
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    threadpoolSize: settings.threadpoolSize,
  };
}

const LEGEND = [
  'non2xx and errors are autocannon\'s; "bad body": a 2xx whose body is not the expected success (GraphQL reports failures with 200).',
  "srv CPU: the server process's CPU time over wall time, in cores, threads included; srv ELU: its event-loop utilization;",
  'loop delay: monitorEventLoopDelay beyond its 1 ms resolution; loader CPU: this process (autocannon), which shares the cores with the servers.',
];

/** The plain-text report for stdout. */
export function formatReport(settings: Settings, results: Record<string, ScenarioResult>): string {
  const machine = describeMachine(settings);
  return [
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node} (${machine.platform}), libuv threadpool ${machine.threadpoolSize}`,
    `Settings: ${settings.rounds} rounds x ${settings.seconds} s per target, alternating, after a ${settings.warmupSeconds} s warm-up each; ` +
      'req/s is the mean over rounds, p50/p99 the median',
    '',
    formatTable(Object.values(results).flatMap((r) => r.rows)),
    '',
    ...Object.values(results).flatMap((r) => r.notes ?? []),
    ...LEGEND,
    '',
  ].join('\n');
}

/** The same results, with every round, as bench/results/latest.json; returns its path. */
export function writeResults(settings: Settings, results: Record<string, ScenarioResult>): string {
  const dir = join(__dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  const json = {
    finishedAt: new Date().toISOString(),
    machine: describeMachine(settings),
    settings,
    table: Object.values(results).flatMap((r) => r.rows),
    scenarios: Object.fromEntries(Object.entries(results).map(([name, r]) => [name, r.json])),
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  return file;
}
