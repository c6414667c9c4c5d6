import type { Child } from '../children';
import { meRequests, typenameRequests } from '../requests';
import { alternate, measured } from '../rounds';
import { summarize } from '../stats';
import { ratio, rowOf } from '../table';
import { urlOf, type ScenarioContext, type ScenarioResult } from './context';

const SCENARIO = '1 me (50 conn)';

/** Authenticated `me` on the project against `{ __typename }` on bare Apollo and on bare node:http. */
export async function meVsBaselines(
  servers: { project: Child; apollo: Child; nodeHttp: Child },
  { settings, seeded, log }: ScenarioContext,
): Promise<ScenarioResult> {
  const connections = settings.connections;
  const tokens = seeded.meTokens;
  const raw = await alternate(
    [
      {
        name: 'project',
        run: (duration) =>
          measured(servers.project, { url: urlOf(servers.project), connections, duration, ...meRequests(tokens) }),
      },
      {
        name: 'bare Apollo',
        run: (duration) =>
          measured(servers.apollo, {
            url: urlOf(servers.apollo, '/'),
            connections,
            duration,
            ...typenameRequests(tokens),
          }),
      },
      {
        name: 'bare node:http',
        run: (duration) =>
          measured(servers.nodeHttp, {
            url: urlOf(servers.nodeHttp, '/'),
            connections,
            duration,
            ...typenameRequests(tokens),
          }),
      },
    ],
    settings,
    log,
  );
  const project = summarize(raw['project']);
  const apollo = summarize(raw['bare Apollo']);
  const nodeHttp = summarize(raw['bare node:http']);
  const ratios = {
    projectOverApollo: ratio(project.rps, apollo.rps),
    nodeHttpOverApollo: ratio(nodeHttp.rps, apollo.rps),
  };
  return {
    rows: [
      rowOf(
        SCENARIO,
        'project: { me { id email verified } }',
        project,
        `${ratios.projectOverApollo.toFixed(2)}x Apollo`,
      ),
      rowOf(SCENARIO, 'bare Apollo: { __typename }', apollo, '1.00x Apollo'),
      rowOf(SCENARIO, 'bare node:http: same JSON', nodeHttp, `${ratios.nodeHttpOverApollo.toFixed(2)}x Apollo`),
    ],
    json: { connections, ratios, summaries: { project, bareApollo: apollo, bareNodeHttp: nodeHttp }, rounds: raw },
  };
}
