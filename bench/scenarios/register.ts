import type { Child } from '../children';
import { load } from '../load';
import { meRequests, registerRequests } from '../requests';
import { alternate, measured, watched } from '../rounds';
import { summarize, mean, type Sample } from '../stats';
import { ratio, rowOf, type Row } from '../table';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

const ME_RATE_DURING_STORM = 500;

interface HashRate {
  hashes: number;
  seconds: number;
  concurrency: number;
  hashesPerSecond: number;
}

interface Round {
  idleMe?: Sample;
  register?: Sample;
  storm?: { register: Sample; me: Sample };
  argon2?: HashRate;
}

/**
 * registerUser against the raw Argon2id rate (the hash is a signup's biggest single cost), and what
 * a registration storm does to `me` latency: both need the app's one SQLite connection, and libuv's
 * thread pool, where Argon2 and SQLite both run.
 */
export async function registerScenario(
  project: Child,
  hasher: Child,
  { settings, seeded, log }: ScenarioContext,
): Promise<ScenarioResult> {
  const { connections, stormMeConnections } = settings;
  const url = urlOf(project);
  const meTokens = seeded.meTokens.slice(0, stormMeConnections);
  // A steady page-load rate, not a saturating loop: the question is whether hashing delays `me`,
  // and a closed loop at full speed would measure its own queueing instead.
  const me = (duration: number) => ({
    url,
    connections: stormMeConnections,
    duration,
    overallRate: ME_RATE_DURING_STORM,
    ...meRequests(meTokens),
  });
  const register = (duration: number) => ({ url, connections, duration, ...registerRequests() });

  const raw = await alternate<Round>(
    [
      { name: 'me idle', run: async (d) => ({ idleMe: await measured(project, me(d)) }) },
      { name: 'registerUser', run: async (d) => ({ register: await measured(project, register(d)) }) },
      {
        name: 'registerUser + me (storm)',
        run: async (d) => {
          const { result, ...around } = await watched(project, () => Promise.all([load(register(d)), load(me(d))]));
          return { storm: { register: { ...result[0], ...around }, me: { ...result[1], ...around } } };
        },
      },
      {
        name: `argon2id raw (${settings.threadpoolSize} at a time)`,
        run: async (d) => ({ argon2: await hasher.request<HashRate>('measure', { seconds: d }) }),
      },
    ],
    settings,
    log,
  );
  const pick = <K extends keyof Round>(key: K) =>
    Object.values(raw)
      .flat()
      .map((r) => r[key])
      .filter((v): v is NonNullable<Round[K]> => !!v);
  const idleMe = summarize(pick('idleMe'));
  const registration = summarize(pick('register'));
  const storms = pick('storm');
  const stormRegister = summarize(storms.map((s) => s.register));
  const stormMe = summarize(storms.map((s) => s.me));
  const hashes = pick('argon2');
  const hashesPerSecond = mean(hashes.map((h) => h.hashesPerSecond));
  const ratios = {
    registerOverArgon2: ratio(registration.rps, hashesPerSecond),
    stormMeP99OverIdle: ratio(stormMe.p99, idleMe.p99),
  };

  const rows: Row[] = [
    rowOf(
      '3 registerUser',
      `project: registerUser, ${connections} conn`,
      registration,
      `${ratios.registerOverArgon2.toFixed(2)}x argon2`,
    ),
    {
      scenario: '3 registerUser',
      target: `argon2id raw, ${settings.threadpoolSize} at a time (hashes/s)`,
      rps: hashesPerSecond,
    },
    rowOf(
      '3 registerUser',
      `project: registerUser during storm (+ me)`,
      stormRegister,
      `${ratio(stormRegister.rps, hashesPerSecond).toFixed(2)}x argon2`,
    ),
    rowOf(`3 me (${stormMeConnections} conn, ${ME_RATE_DURING_STORM}/s)`, 'project: me, idle', idleMe),
    rowOf(
      `3 me (${stormMeConnections} conn, ${ME_RATE_DURING_STORM}/s)`,
      'project: me, during registration storm',
      stormMe,
      `p99 ${ratios.stormMeP99OverIdle.toFixed(1)}x idle`,
    ),
  ];
  return {
    rows,
    json: {
      connections,
      stormMeConnections,
      ratios,
      summaries: {
        registerUser: registration,
        registerUserDuringStorm: stormRegister,
        meIdle: idleMe,
        meDuringStorm: stormMe,
        argon2: { hashesPerSecond, concurrency: settings.threadpoolSize, rounds: hashes },
      },
      rounds: raw,
    },
  };
}
