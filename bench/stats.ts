import type { LoadResult } from './load';
import type { ChildStats } from './servers/ipc';

export type EventLoopDelay = ChildStats['eventLoopDelay'];

/** What the server process did during a run. */
export interface ServerLoad {
  eventLoopDelay: EventLoopDelay;
  eventLoopUtilization: number;
  /** CPU time over wall time, in cores (threads included, so it can exceed 1). */
  cpuCores: number;
}

/** One measured run against one server: the load's numbers, the server meanwhile, and the load generator's own CPU. */
export interface Sample extends LoadResult {
  server?: ServerLoad;
  loaderCpuCores?: number;
}

/** Rounds folded together: mean throughput, median latencies and server figures, every failure counted. */
export interface Summary {
  rounds: number;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  server?: ServerLoad;
  loaderCpuCores?: number;
}

export function summarize(samples: Sample[]): Summary {
  const servers = samples.map((s) => s.server).filter((d): d is ServerLoad => !!d);
  const loader = samples.map((s) => s.loaderCpuCores).filter((c): c is number => c !== undefined);
  return {
    rounds: samples.length,
    rps: mean(samples.map((s) => s.rps)),
    p50: median(samples.map((s) => s.p50)),
    p99: median(samples.map((s) => s.p99)),
    requests: sum(samples.map((s) => s.requests)),
    non2xx: sum(samples.map((s) => s.non2xx)),
    errors: sum(samples.map((s) => s.errors)),
    timeouts: sum(samples.map((s) => s.timeouts)),
    mismatches: sum(samples.map((s) => s.mismatches)),
    server: servers.length
      ? {
          eventLoopDelay: {
            p50: median(servers.map((d) => d.eventLoopDelay.p50)),
            p99: median(servers.map((d) => d.eventLoopDelay.p99)),
            max: Math.max(...servers.map((d) => d.eventLoopDelay.max)),
            samples: sum(servers.map((d) => d.eventLoopDelay.samples)),
          },
          eventLoopUtilization: median(servers.map((d) => d.eventLoopUtilization)),
          cpuCores: median(servers.map((d) => d.cpuCores)),
        }
      : undefined,
    loaderCpuCores: loader.length ? median(loader) : undefined,
  };
}

export function mean(values: number[]): number {
  return values.length ? sum(values) / values.length : NaN;
}

export function median(values: number[]): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
