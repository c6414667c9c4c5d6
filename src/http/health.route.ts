import type { MikroORM } from '@mikro-orm/sqlite';
import type { Route } from './http-server';
import { sendJson } from './send-json';

/** 200 once the app is up, which is after migrations ran; 503 if the database stops answering. */
export function healthRoute(orm: MikroORM): Route {
  return async (_req, res) => {
    try {
      await orm.em.getConnection().execute('select 1');
      sendJson(res, 200, { status: 'ok' });
    } catch {
      sendJson(res, 503, { status: 'database unavailable' });
    }
  };
}
