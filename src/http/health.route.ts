import type { Readiness } from '../lifecycle/readiness';
import type { Route } from './http-server';
import { sendJson } from './send-json';

/** `/healthz`: the process is alive and its event loop turns. Nothing else: a restart would not fix a database outage. */
export function livenessRoute(): Route {
  return async (_req, res) => sendJson(res, 200, { status: 'ok' });
}

/** `/readyz`: 200 while this instance should get traffic; 503 with the reason otherwise. */
export function readinessRoute(readiness: Readiness): Route {
  return async (_req, res) => {
    const state = await readiness.check();
    if (state.ready) sendJson(res, 200, { status: 'ready' });
    else
      sendJson(res, 503, {
        status: 'not ready',
        reason: state.reason,
        ...(state.pending ? { pending: state.pending } : {}),
      });
  };
}
