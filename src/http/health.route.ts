import type { Db } from '../db/handles';
import { execute } from '../db/dialect';
import type { Route } from './http-server';
import { sendJson } from './send-json';

/** 200 once the app is up, which is after migrations ran; 503 while the database does not answer. */
export function healthRoute(db: Db): Route {
  return async (_req, res) => {
    try {
      await execute(db, 'select 1');
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'database unavailable' });
    }
  };
}
