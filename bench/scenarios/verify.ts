import type { Child } from '../children';
import { verifyRequests } from '../requests';
import { alternate, measured } from '../rounds';
import { summarize } from '../stats';
import { rowOf } from '../table';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

/** verifyUser with right codes: each request verifies a different seeded user and opens a session. */
export async function verifyScenario(
  project: Child,
  { settings, seeded, log }: ScenarioContext,
): Promise<ScenarioResult> {
  const connections = settings.connections;
  const pool = seeded.verifications;
  const { shape, used } = verifyRequests(pool);
  const raw = await alternate(
    [
      {
        name: 'verifyUser',
        run: (duration) => measured(project, { url: urlOf(project), connections, duration, ...shape }),
      },
    ],
    settings,
    log,
  );
  const summary = summarize(raw['verifyUser']);
  // Bodies are built ahead of sending, so `used` can exceed what was verified by up to one per connection.
  const exhausted = used() > pool.length;
  if (exhausted)
    log(
      `  WARNING: the ${pool.length} seeded users ran out (${used()} bodies built); later requests repeated users and count as bad bodies`,
    );
  return {
    rows: [rowOf('2 verifyUser (50 conn)', 'project: right codes, local provider', summary)],
    json: { connections, seededUsers: pool.length, bodiesBuilt: used(), exhausted, summary, rounds: raw },
  };
}
