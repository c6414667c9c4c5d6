import type { ReceiptAnswer } from '../sms/receipts/delivery-receipts';
import type { Route } from './http-server';
import { BodyNotUtf8Error, BodyTooLargeError, readBody } from './read-body';
import { sendJson } from './send-json';

// A receipt is a dozen short parameters; nothing Twilio sends here comes near this.
const MAX_BODY_BYTES = 16 * 1024;

/** What the route needs of the receipts: one call per callback. */
export interface ReceiptSink {
  receive(signature: string | undefined, params: Record<string, string>): Promise<ReceiptAnswer>;
}

/**
 * POST /webhooks/twilio/status: Twilio's delivery receipts, form-encoded and signed. A missing or
 * wrong X-Twilio-Signature is a 403 and records nothing; anything signed is a 204, also a receipt
 * already taken, so that Twilio has nothing to retry.
 */
export function twilioStatusRoute(receipts: ReceiptSink): Route {
  return async (req, res) => {
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return sendJson(res, 405, { error: 'Use POST: Twilio posts its delivery receipts here.' });
    }
    let text: string;
    try {
      text = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof BodyNotUtf8Error) return sendJson(res, 400, { error: 'A delivery receipt is UTF-8.' });
      if (!(error instanceof BodyTooLargeError)) throw error;
      res.setHeader('connection', 'close');
      return sendJson(res, 413, { error: `A delivery receipt is smaller than ${MAX_BODY_BYTES} bytes.` });
    }
    const form = /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
    const params = form ? Object.fromEntries(new URLSearchParams(text)) : {};
    const signature = req.headers['x-twilio-signature'];
    const answer = await receipts.receive(typeof signature === 'string' ? signature : undefined, params);
    if (answer === 'forbidden')
      return sendJson(res, 403, { error: 'Only delivery receipts that Twilio signed are taken here.' });
    res.writeHead(204).end();
  };
}
