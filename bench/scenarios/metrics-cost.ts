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
 */
export async function metricsCost(servers: { on: Child; off: Child }, { settings, seeded, log }: ScenarioContext): Promise<ScenarioResult> {
  const connections = settings.connections;
  const raw = await alternate(
    [
      { name: 'metrics off', run: (duration) => measured(servers.off, { url: urlOf(servers.off), connections, duration, ...meRequests(seeded.meTokens) }) },
      { name: 'metrics on', run: (duration) => measured(servers.on, { url: urlOf(servers.on), connections, duration, ...meRequests(seeded.meTokens) }) },
    ],
    settings,
    log,
  );
  const off = summarize(raw['metrics off']);
  const on = summarize(raw['metrics on']);
  const onOverOff = ratio(on.rps, off.rps);
  return {
    rows: [rowOf(SCENARIO, 'project: me, metrics off', off, '1.00x off'), rowOf(SCENARIO, 'project: me, METRICS_PORT set', on, `${onOverOff.toFixed(2)}x off`)],
    json: { connections, onOverOff, summaries: { off, on }, rounds: raw },
  };
}
