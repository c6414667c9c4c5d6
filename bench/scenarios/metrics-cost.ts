import type { Child } from '../children';
import { meRequests } from '../requests';
import { alternate, measured } from '../rounds';
import { summarize } from '../stats';
import { ratio, rowOf } from '../table';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

const SCENARIO = '5 metrics (50 conn)';

/**
 * Authenticated `me` on two project servers that differ only in METRICS_PORT, alternated round by
 * round in one run: the cost of keeping the metrics, with the machine's drift landing on both.
 * The warm-up of the second half is short: both servers are warm by then.
 */
export async function metricsCost(
  servers: { on: Child; off: Child },
  { settings, seeded, log }: ScenarioContext,
): Promise<ScenarioResult> {
  const connections = settings.connections;
  const off = {
    name: 'metrics off',
    run: (duration: number) =>
      measured(servers.off, { url: urlOf(servers.off), connections, duration, ...meRequests(seeded.meTokens) }),
  };
  const on = {
    name: 'metrics on',
    run: (duration: number) =>
      measured(servers.on, { url: urlOf(servers.on), connections, duration, ...meRequests(seeded.meTokens) }),
  };
  // Half the rounds in each order, so that whatever favours the first (or second) of a pair lands on both.
  const half = { ...settings, rounds: Math.ceil(settings.rounds / 2) };
  const first = await alternate([off, on], half, log);
  const second = await alternate([on, off], { ...half, warmupSeconds: 1 }, log);
  const raw = {
    'metrics off': [...first['metrics off'], ...second['metrics off']],
    'metrics on': [...first['metrics on'], ...second['metrics on']],
  };
  const withoutMetrics = summarize(raw['metrics off']);
  const withMetrics = summarize(raw['metrics on']);
  const onOverOff = ratio(withMetrics.rps, withoutMetrics.rps);
  return {
    rows: [
      rowOf(SCENARIO, 'project: me, metrics off', withoutMetrics, '1.00x off'),
      rowOf(SCENARIO, 'project: me, METRICS_PORT set', withMetrics, `${onOverOff.toFixed(2)}x off`),
    ],
    json: { connections, onOverOff, summaries: { off: withoutMetrics, on: withMetrics }, rounds: raw },
  };
}
