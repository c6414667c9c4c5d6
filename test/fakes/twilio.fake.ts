import { randomBytes } from 'node:crypto';
import { callStatusParams, messageStatusParams, postCallback, twilioSignature } from './twilio-callbacks';
import { startHttpFake, type FakeReply, type FakeRequest, type HttpFake } from './http-fake';
import { FakeCallsApi, type PlacedCall } from './twilio-calls.fake';
import { isE164, newSid, notFound, rfc2822, twilioError } from './twilio-error';
import { FakeVerifyApi } from './twilio-verify.fake';

export { twilioError } from './twilio-error';
export { spokenBy, type PlacedCall } from './twilio-calls.fake';
export { VERIFY_POLICY, type FakeVerification } from './twilio-verify.fake';

export interface SentMessage {
  sid: string;
  accountSid: string;
  /** As Twilio keeps it: `whatsapp:+1…` for WhatsApp. */
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  statusCallback: string | null;
  sentAt: number;
}

/** How a status callback is sent: `via` an origin other than the callback's (a proxy's inside), or with a forged signature. */
export interface ReportOptions {
  errorCode?: number;
  via?: string;
  /** null sends no X-Twilio-Signature at all. */
  signature?: string | null;
}

export interface TwilioFake extends HttpFake {
  readonly accountSid: string;
  readonly authToken: string;
  /** An API key (SK...) of the same account. */
  readonly apiKeySid: string;
  readonly apiKeySecret: string;
  /** Verify is served for this one service (VA...); any other is 404. */
  readonly verifyServiceSid: string;
  readonly verify: Pick<FakeVerifyApi, 'codeFor' | 'latest'>;
  /** Text and WhatsApp messages accepted by the Messages API, oldest first. */
  readonly messages: SentMessage[];
  /** Calls placed through the Calls API, oldest first. */
  readonly calls: PlacedCall[];
  /**
   * Posts the status callback Twilio would send for a message or call to the StatusCallback it was
   * created with, signed with the auth token; answers the HTTP status the callback got.
   */
  report(sid: string, status: string, options?: ReportOptions): Promise<number>;
  reset(): void;
}

const ACCOUNT_PATH = /^\/api\/2010-04-01\/Accounts\/([^/]+)\/(Messages|Calls)\.json$/;
const WHATSAPP = 'whatsapp:';

/**
 * Twilio's Messages API (under /api) and Verify v2 (under /verify) on one origin, the way
 * createTwilioClient's baseUrl maps them: https://verify.twilio.com/v2/x → {url}/verify/v2/x.
 */
export async function startTwilioFake(options: { now?: () => number } = {}): Promise<TwilioFake> {
  const now = options.now ?? Date.now;
  const accountSid = newSid('AC');
  const authToken = randomBytes(16).toString('hex');
  const apiKeySid = newSid('SK');
  const apiKeySecret = randomBytes(16).toString('hex');
  const verify = new FakeVerifyApi(accountSid, newSid('VA'), now);
  const messages: SentMessage[] = [];
  const calls = new FakeCallsApi(accountSid, now);

  const authenticates = (authorization = '') => {
    const [scheme, encoded = ''] = authorization.split(' ');
    const credentials = Buffer.from(encoded, 'base64').toString('utf8');
    return scheme === 'Basic' && [`${accountSid}:${authToken}`, `${apiKeySid}:${apiKeySecret}`].includes(credentials);
  };

  const sendMessage = (form: Record<string, string>): FakeReply => {
    const { To: to = '', From: from = null, MessagingServiceSid: messagingServiceSid = null, Body: body } = form;
    if (!isE164(to.replace(WHATSAPP, ''))) {
      return twilioError(21211, 400, `The 'To' number ${to} is not a valid phone number.`);
    }
    if (!from && !messagingServiceSid) {
      return twilioError(21603, 400, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
    }
    if (from && from.startsWith(WHATSAPP) !== to.startsWith(WHATSAPP)) {
      return twilioError(21910, 400, 'Invalid From and To pair. From and To should be of the same channel');
    }
    if (!body) return twilioError(21602, 400, 'Message body is required.');
    const statusCallback = form.StatusCallback ?? null;
    const sid = newSid('SM');
    const message: SentMessage = {
      sid,
      accountSid,
      to,
      from,
      messagingServiceSid,
      body,
      statusCallback,
      sentAt: now(),
    };
    messages.push(message);
    return { status: 201, body: messageBody(message) };
  };

  const report = async (sid: string, status: string, options: ReportOptions = {}): Promise<number> => {
    const message = messages.find((m) => m.sid === sid);
    const call = calls.calls.find((c) => c.sid === sid);
    const callback = message?.statusCallback ?? call?.statusCallback;
    if (!callback) throw new Error(`The Twilio fake has no message or call ${sid} with a StatusCallback`);
    const reported = { status, errorCode: options.errorCode, at: now() };
    const params = message ? messageStatusParams(message, reported) : callStatusParams(call!, reported);
    const signature =
      options.signature === undefined ? twilioSignature(authToken, callback, params) : (options.signature ?? undefined);
    const { pathname, search } = new URL(callback);
    return postCallback(options.via ? new URL(pathname + search, options.via).href : callback, params, signature);
  };

  const routes = ({ method, path, headers, form }: FakeRequest): FakeReply => {
    const unauthenticated = twilioError(20003, 401, 'Authenticate');
    if (!authenticates(headers.authorization)) {
      return { ...unauthenticated, headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' } };
    }
    if (path.startsWith('/verify/v2/')) return verify.handle(method, path.slice('/verify/v2'.length), form);
    const [, ofAccount, collection] = ACCOUNT_PATH.exec(path) ?? [];
    // Both credentials belong to accountSid, so another account's path is not theirs to use.
    if (ofAccount && ofAccount !== accountSid) return unauthenticated;
    if (collection === 'Messages' && method === 'POST') return sendMessage(form);
    if (collection === 'Calls' && method === 'POST') return calls.create(form);
    return notFound(path.replace(/^\/[^/]+/, ''));
  };

  const http = await startHttpFake(routes);
  return {
    ...http,
    accountSid,
    authToken,
    apiKeySid,
    apiKeySecret,
    verifyServiceSid: verify.serviceSid,
    verify,
    messages,
    calls: calls.calls,
    report,
    reset() {
      http.requests.length = 0;
      http.faults.clear();
      verify.reset();
      messages.length = 0;
      calls.reset();
    },
  };
}

function messageBody(m: SentMessage) {
  const uri = `/2010-04-01/Accounts/${m.accountSid}/Messages/${m.sid}.json`;
  return {
    sid: m.sid,
    account_sid: m.accountSid,
    to: m.to,
    from: m.from,
    body: m.body,
    // A messaging service picks the sender later, so Twilio has only accepted the message yet.
    status: m.from ? 'queued' : 'accepted',
    num_segments: String(m.body.length <= 160 ? 1 : Math.ceil(m.body.length / 153)),
    num_media: '0',
    direction: 'outbound-api',
    api_version: '2010-04-01',
    date_created: rfc2822(m.sentAt),
    date_sent: null,
    date_updated: rfc2822(m.sentAt),
    error_code: null,
    error_message: null,
    price: null,
    price_unit: 'USD',
    messaging_service_sid: m.messagingServiceSid,
    uri,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
  };
}
