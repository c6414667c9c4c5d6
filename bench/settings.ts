import { resolve } from 'node:path';

/** The repository root: children run from here so `-r @swc-node/register` finds tsconfig.json. */
export const ROOT = resolve(__dirname, '..');

/** Known to the seeder and the project server, so seeded code hashes match what the app computes. */
export const APP_SECRET = 'bench-only-app-secret-7f3c9a1e5b2d4f6a8c0e1b3d5f7a9c2e';

export interface Settings {
  seconds: number;
  rounds: number;
  warmupSeconds: number;
  connections: number;
  stormMeConnections: number;
  memoryRequests: number;
  threadpoolSize: number;
  /** BENCH_ONLY=me,verify: a subset of the scenarios (me, verify, register, memory, postgres, metrics, guard), for quick iterations; metrics and guard run only when named. */
  only: Set<string>;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  return {
    seconds: positive(env, 'BENCH_SECONDS', 5),
    rounds: positive(env, 'BENCH_ROUNDS', 3),
    // The project's own code needs about 5 s of load before V8 has optimized it (req/s stops rising).
    warmupSeconds: positive(env, 'BENCH_WARMUP', 5),
    connections: 50,
    stormMeConnections: 10,
    memoryRequests: positive(env, 'BENCH_AMOUNT', 100_000),
    threadpoolSize: positive(env, 'UV_THREADPOOL_SIZE', 4),
    only: new Set((env.BENCH_ONLY || 'me,verify,register,memory,postgres').split(',').map((name) => name.trim())),
  };
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}
