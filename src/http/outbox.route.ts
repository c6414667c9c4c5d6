import type { Route } from './http-server';
import { sendJson } from './send-json';
import { hostOfHeader, isLoopback } from '../shared/loopback';
import type { OutboxSmsTransport } from '../sms/outbox/outbox.transport';

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * GET /dev/outbox?to=+14155552671: the messages and calls the outbox transport kept, newest first,
 * each with its channel (a call's body is the words it says), for requests addressed to a loopback
 * name. A page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) reaches the same
 * socket, but its requests carry that name.
 * A "+" left unencoded in a query string arrives as a space, so one is put back.
 */
export function outboxRoute(outbox: OutboxSmsTransport): Route {
  return async (req, res, target) => {
    if (!isLoopback(hostOfHeader(req.headers.host ?? '')))
      return sendJson(res, 403, {
        error: 'The outbox answers only requests to localhost, a 127.x.x.x address or [::1].',
      });
    if (req.method !== 'GET') return sendJson(res, 405, { error: 'Use GET.' });
    const query = new URLSearchParams(target.search);
    // A parameter ignored would show every message as if they had been filtered.
    const unknown = [...query.keys()].find((name) => name !== 'to');
    if (unknown !== undefined)
      return sendJson(res, 400, { error: `The outbox takes one parameter, to; not ${unknown.slice(0, 40)}.` });
    const raw = query.get('to');
    // Only a leading space is a "+" the query string lost; digits alone are no E.164 number.
    const to = raw === null ? undefined : raw.startsWith(' ') ? `+${raw.trim()}` : raw.trim();
    if (to !== undefined && !E164.test(to))
      return sendJson(res, 400, { error: 'to must be a phone number in E.164, such as +14155552671, or left out.' });
    const messages = await outbox.list(to);
    sendJson(
      res,
      200,
      messages.map(({ to, channel, body, createdAt }) => ({ to, channel, body, createdAt })),
    );
  };
}
