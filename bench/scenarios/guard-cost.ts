import type { Child } from '../children';
import { registerRequests } from '../requests';
import { alternate, measured } from '../rounds';
import { summarize } from '../stats';
import { ratio, rowOf } from '../table';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

const SCENARIO = '7 SMS guard (50 conn)';

/**
 * registerUser on two project servers that differ only in FRAUD_GUARD (enforce, as by default,
 * against off), alternated round by round in one run, half the rounds in each order: what judging
 * each code costs a signup (a lookup of the number among verified accounts, and one upsert).
 */
export async function guardCost(
  servers: { on: Child; off: Child },
  { settings, log }: ScenarioContext,
): Promise<ScenarioResult> {
  const connections = settings.connections;
  const target = (name: string, server: Child) => ({
    name,
    run: (duration: number) => measured(server, { url: urlOf(server), connections, duration, ...registerRequests() }),
  });
  const off = target('guard off', servers.off);
  const on = target('guard on', servers.on);
  const half = { ...settings, rounds: Math.ceil(settings.rounds / 2) };
  const first = await alternate([off, on], half, log);
  const second = await alternate([on, off], { ...half, warmupSeconds: 1 }, log);
  const raw = {
    'guard off': [...first['guard off'], ...second['guard off']],
    'guard on': [...first['guard on'], ...second['guard on']],
  };
  const withoutGuard = summarize(raw['guard off']);
  const withGuard = summarize(raw['guard on']);
  const onOverOff = ratio(withGuard.rps, withoutGuard.rps);
  const pairs = raw['guard on'].map((sample, i) => ratio(sample.rps, raw['guard off'][i].rps));
  return {
    rows: [
      rowOf(SCENARIO, 'project: registerUser, FRAUD_GUARD=off', withoutGuard, '1.00x off'),
      rowOf(SCENARIO, 'project: registerUser, FRAUD_GUARD=enforce', withGuard, `${onOverOff.toFixed(2)}x off`),
    ],
    json: { connections, onOverOff, pairs, summaries: { off: withoutGuard, on: withGuard }, rounds: raw },
    notes: [`7: guard on over off, round by round: ${pairs.map((value) => value.toFixed(2)).join(', ')}`],
  };
}
