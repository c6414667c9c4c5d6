import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child, killAllChildren, stopAllChildren } from './children';
import { formatReport, writeResults } from './report';
import type { ScenarioContext, ScenarioResult } from './scenarios/context';
import { memoryScenario } from './scenarios/memory';
import { guardCost } from './scenarios/guard-cost';
import { metricsCost } from './scenarios/metrics-cost';
import { postgresScenario } from './scenarios/postgres';
import { meVsBaselines } from './scenarios/me-vs-baselines';
import { registerScenario } from './scenarios/register';
import { verifyScenario } from './scenarios/verify';
import { seed } from './seed';
import { readSettings } from './settings';

/** Seeded unverified users per second of verifyUser load: several times what this server sustains (~100/s). */
const VERIFY_HEADROOM_PER_SECOND = 500;

/** Progress goes to stderr, so stdout carries only the report. */
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main() {
  const settings = readSettings();
  const workDir = mkdtempSync(join(tmpdir(), 'account-verification-bench-'));
  const databasePath = join(workDir, 'bench.sqlite');
  const cleanUp = () => rmSync(workDir, { recursive: true, force: true });
  process.once('SIGINT', () => {
    killAllChildren();
    cleanUp();
    process.exit(130);
  });

  try {
    log(`seeding ${databasePath}`);
    const verifySeconds = settings.warmupSeconds + settings.rounds * settings.seconds;
    const seeded = await seed(`sqlite:${databasePath}`, {
      meUsers: settings.connections,
      unverifiedUsers: Math.ceil(verifySeconds * VERIFY_HEADROOM_PER_SECOND),
    });
    const context: ScenarioContext = { settings, seeded, log };
    const projectEnv = { BENCH_DATABASE_URL: `sqlite:${databasePath}` };

    log('starting servers');
    const [project, apollo, nodeHttp, hasher] = await Promise.all([
      Child.start('project', 'project.ts', projectEnv),
      Child.start('bare Apollo', 'apollo.ts'),
      Child.start('bare node:http', 'node-http.ts'),
      Child.start('argon2id probe', 'argon2-rate.ts'),
    ]);

    const results: Record<string, ScenarioResult> = {};
    const { only } = settings;
    if (only.has('me')) {
      log('1. me against the baselines');
      results.me = await meVsBaselines({ project, apollo, nodeHttp }, context);
    }
    await Promise.all([apollo.stop(), nodeHttp.stop()]);
    if (only.has('verify')) {
      log('2. verifyUser');
      results.verifyUser = await verifyScenario(project, context);
    }
    if (only.has('register')) {
      log('3. registerUser and a registration storm');
      results.registerUser = await registerScenario(project, hasher, context);
    }
    await Promise.all([project.stop(), hasher.stop()]);

    if (only.has('memory')) {
      // A new process, so the memory figures do not carry what the earlier scenarios left behind.
      log('4. memory, on a fresh project server');
      const fresh = await Child.start('project (fresh)', 'project.ts', projectEnv);
      results.memory = await memoryScenario(fresh, context);
      await fresh.stop();
    }

    if (only.has('postgres')) {
      log('6. SQLite and PostgreSQL side by side, and two instances on PostgreSQL');
      results.postgres = await postgresScenario(`sqlite:${join(workDir, 'side-by-side.sqlite')}`, context);
    }

    if (only.has('metrics')) {
      // Two servers alike but for METRICS_PORT, so the comparison is within one run.
      log('5. what keeping the metrics costs me');
      const [on, off] = await Promise.all([
        Child.start('project (metrics on)', 'project.ts', projectEnv),
        Child.start('project (metrics off)', 'project.ts', { ...projectEnv, BENCH_METRICS: 'off' }),
      ]);
      results.metrics = await metricsCost({ on, off }, context);
      await Promise.all([on.stop(), off.stop()]);
    }

    if (only.has('guard')) {
      // Two servers alike but for FRAUD_GUARD, on the same seeded database, taking turns.
      log('7. what the SMS guard costs registerUser');
      const [on, off] = await Promise.all([
        Child.start('project (guard on)', 'project.ts', projectEnv),
        Child.start('project (guard off)', 'project.ts', { ...projectEnv, BENCH_FRAUD_GUARD: 'off' }),
      ]);
      results.guard = await guardCost({ on, off }, context);
      await Promise.all([on.stop(), off.stop()]);
    }

    process.stdout.write(formatReport(settings, results));
    log(`results written to ${writeResults(settings, results)}`);
  } finally {
    await stopAllChildren();
    cleanUp();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
