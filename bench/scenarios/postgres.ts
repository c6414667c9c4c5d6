import { Client } from 'pg';
import { createDatabase, startPostgresCluster } from '../../test/support/postgres-cluster';
import { Child } from '../children';
import { load } from '../load';
import { meRequests, registerRequests, typenameRequests, verifyRequests } from '../requests';
import { alternate, measured } from '../rounds';
import { seed } from '../seed';
import { summarize, type Sample } from '../stats';
import { ratio, rowOf } from '../table';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

/** Seeded unverified users per second of verifyUser load, for each server that verifies. */
const VERIFY_HEADROOM_PER_SECOND = 500;

/**
 * The same requests against the app on SQLite and on PostgreSQL, side by side in one run: `me`
 * (both against bare Apollo), verifyUser and registerUser; then verifyUser on two instances
 * sharing the PostgreSQL database, and how many database transactions `me` costs when the session
 * cache serves it. The PostgreSQL server is a throwaway cluster from the machine's binaries
 * (tuned for a test: no fsync), or BENCH_POSTGRES_URL.
 */
export async function postgresScenario(sqliteUrl: string, context: ScenarioContext): Promise<ScenarioResult> {
  const { settings, log } = context;
  const cluster = process.env.BENCH_POSTGRES_URL ? undefined : await startPostgresCluster();
  const serverUrl = process.env.BENCH_POSTGRES_URL ?? cluster!.url();
  try {
    const seconds = settings.warmupSeconds + settings.rounds * settings.seconds;
    const counts = { meUsers: settings.connections, unverifiedUsers: Math.ceil(seconds * VERIFY_HEADROOM_PER_SECOND) };
    const postgresUrl = (await createDatabase(serverUrl, `bench_${Date.now()}`)).url;
    log(`  seeding PostgreSQL and a second SQLite file`);
    const [postgres, sqlite] = [await seed(postgresUrl, counts), await seed(sqliteUrl, counts)];
    // A third pool for the two-instance run, seeded on the same PostgreSQL database.
    const shared = await seed(postgresUrl, { meUsers: 1, unverifiedUsers: counts.unverifiedUsers * 2 }, 'pair');

    const [onSqlite, onPostgres, apollo] = await Promise.all([
      Child.start('project (SQLite)', 'project.ts', { BENCH_DATABASE_URL: sqliteUrl }),
      Child.start('project (PostgreSQL)', 'project.ts', { BENCH_DATABASE_URL: postgresUrl }),
      Child.start('bare Apollo', 'apollo.ts'),
    ]);
    const { connections } = settings;
    log('  me on both databases, and bare Apollo');
    const transactionsBefore = await transactions(postgresUrl);
    const me = await alternate(
      [
        {
          name: 'sqlite',
          run: (duration) =>
            measured(onSqlite, { url: urlOf(onSqlite), connections, duration, ...meRequests(sqlite.meTokens) }),
        },
        {
          name: 'postgres',
          run: (duration) =>
            measured(onPostgres, { url: urlOf(onPostgres), connections, duration, ...meRequests(postgres.meTokens) }),
        },
        {
          name: 'apollo',
          run: (duration) =>
            measured(apollo, {
              url: urlOf(apollo, '/'),
              connections,
              duration,
              ...typenameRequests(postgres.meTokens),
            }),
        },
      ],
      settings,
      log,
    );
    const meOnPostgres = me.postgres.reduce((total, sample) => total + sample.requests, 0);
    const transactionsPerThousandMe = (1000 * ((await transactions(postgresUrl)) - transactionsBefore)) / meOnPostgres;
    await apollo.stop();

    log('  verifyUser on both databases');
    // One shape per pool for the whole run: every request, warm-up included, verifies a user not verified before.
    const [sqliteVerify, postgresVerify] = [
      verifyRequests(sqlite.verifications).shape,
      verifyRequests(postgres.verifications).shape,
    ];
    const verify = await alternate(
      [
        {
          name: 'sqlite',
          run: (duration) => measured(onSqlite, { url: urlOf(onSqlite), connections, duration, ...sqliteVerify }),
        },
        {
          name: 'postgres',
          run: (duration) => measured(onPostgres, { url: urlOf(onPostgres), connections, duration, ...postgresVerify }),
        },
      ],
      settings,
      log,
    );
    log('  registerUser on both databases');
    const register = await alternate(
      [
        {
          name: 'sqlite',
          run: (duration) => measured(onSqlite, { url: urlOf(onSqlite), connections, duration, ...registerRequests() }),
        },
        {
          name: 'postgres',
          run: (duration) =>
            measured(onPostgres, { url: urlOf(onPostgres), connections, duration, ...registerRequests() }),
        },
      ],
      settings,
      log,
    );
    await onSqlite.stop();

    log('  verifyUser on two instances sharing the PostgreSQL database');
    const second = await Child.start('project (PostgreSQL, second instance)', 'project.ts', {
      BENCH_DATABASE_URL: postgresUrl,
    });
    const pairShapes = [0, 1].map((i) => verifyRequests(shared.verifications.filter((_, j) => j % 2 === i)).shape);
    const pair = await alternate(
      [{ name: 'pair', run: (duration) => bothAtOnce([onPostgres, second], pairShapes, connections, duration) }],
      settings,
      log,
    );
    await Promise.all([onPostgres.stop(), second.stop()]);

    const summaries = {
      me: { sqlite: summarize(me.sqlite), postgres: summarize(me.postgres), apollo: summarize(me.apollo) },
      verify: { sqlite: summarize(verify.sqlite), postgres: summarize(verify.postgres) },
      register: { sqlite: summarize(register.sqlite), postgres: summarize(register.postgres) },
      pair: summarize(pair.pair),
    };
    const ratios = {
      meSqliteOverApollo: ratio(summaries.me.sqlite.rps, summaries.me.apollo.rps),
      mePostgresOverApollo: ratio(summaries.me.postgres.rps, summaries.me.apollo.rps),
      verifyPostgresOverSqlite: ratio(summaries.verify.postgres.rps, summaries.verify.sqlite.rps),
      registerPostgresOverSqlite: ratio(summaries.register.postgres.rps, summaries.register.sqlite.rps),
      pairOverOne: ratio(summaries.pair.rps, summaries.verify.postgres.rps),
    };
    return {
      rows: [
        rowOf(
          'P1 me (50 conn)',
          'project on SQLite',
          summaries.me.sqlite,
          `${ratios.meSqliteOverApollo.toFixed(2)}x Apollo`,
        ),
        rowOf(
          'P1 me (50 conn)',
          'project on PostgreSQL',
          summaries.me.postgres,
          `${ratios.mePostgresOverApollo.toFixed(2)}x Apollo`,
        ),
        rowOf('P1 me (50 conn)', 'bare Apollo: { __typename }', summaries.me.apollo, '1.00x Apollo'),
        rowOf('P2 verifyUser (50 conn)', 'project on SQLite', summaries.verify.sqlite, '1.00x SQLite'),
        rowOf(
          'P2 verifyUser (50 conn)',
          'project on PostgreSQL',
          summaries.verify.postgres,
          `${ratios.verifyPostgresOverSqlite.toFixed(2)}x SQLite`,
        ),
        rowOf('P3 registerUser (50 conn)', 'project on SQLite', summaries.register.sqlite, '1.00x SQLite'),
        rowOf(
          'P3 registerUser (50 conn)',
          'project on PostgreSQL',
          summaries.register.postgres,
          `${ratios.registerPostgresOverSqlite.toFixed(2)}x SQLite`,
        ),
        rowOf(
          'P4 verifyUser, 2 instances (2x25 conn)',
          'PostgreSQL, both instances',
          summaries.pair,
          `${ratios.pairOverOne.toFixed(2)}x one`,
        ),
      ],
      notes: [
        `P1: ${transactionsPerThousandMe.toFixed(1)} PostgreSQL transactions per 1,000 me requests (the session cache's reads, lastUsedAt writes and the SMS queue's poll included).`,
      ],
      json: { connections, transactionsPerThousandMe, ratios, summaries, rounds: { me, verify, register, pair } },
    };
  } finally {
    await cluster?.close();
  }
}

/** Half the connections to each instance at once, each with a pool of users of its own; their answers add up. */
async function bothAtOnce(
  instances: Child[],
  shapes: ReturnType<typeof verifyRequests>['shape'][],
  connections: number,
  duration: number,
): Promise<Sample> {
  const half = Math.floor(connections / instances.length);
  const results = await Promise.all(
    instances.map((instance, i) => load({ url: urlOf(instance), connections: half, duration, ...shapes[i] })),
  );
  const sum = (pick: (result: (typeof results)[number]) => number) =>
    results.reduce((total, result) => total + pick(result), 0);
  return {
    requests: sum((r) => r.requests),
    seconds: duration,
    rps: sum((r) => r.rps),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    max: Math.max(...results.map((r) => r.max)),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    mismatches: sum((r) => r.mismatches),
    statusCodes: {},
  };
}

/** Transactions committed and rolled back on the database so far. */
async function transactions(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    // The statistics collector reports with a delay; this asks for a fresh snapshot.
    await client.query('select pg_stat_clear_snapshot()');
    const { rows } = await client.query<{ n: string }>(
      'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
    );
    return Number(rows[0].n);
  } finally {
    await client.end();
  }
}
