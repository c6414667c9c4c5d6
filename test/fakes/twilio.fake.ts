import { randomBytes } from 'node:crypto';
import { startHttpFake, type FakeReply, type FakeRequest, type HttpFake } from './http-fake';
import { isE164, newSid, notFound, rfc2822, twilioError } from './twilio-error';
import { FakeVerifyApi } from './twilio-verify.fake';

export { twilioError } from './twilio-error';
export { VERIFY_POLICY, type FakeVerification } from './twilio-verify.fake';

export interface SentMessage {
  sid: string;
  accountSid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  sentAt: number;
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
  /** Text messages accepted by the Messages API, oldest first. */
  readonly messages: SentMessage[];
  reset(): void;
}

const MESSAGES_PATH = /^\/api\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/;

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

  const authenticates = (authorization = '') => {
    const [scheme, encoded = ''] = authorization.split(' ');
    const credentials = Buffer.from(encoded, 'base64').toString('utf8');
    return scheme === 'Basic' && [`${accountSid}:${authToken}`, `${apiKeySid}:${apiKeySecret}`].includes(credentials);
  };

  const sendMessage = (form: Record<string, string>): FakeReply => {
    const { To: to, From: from = null, MessagingServiceSid: messagingServiceSid = null, Body: body } = form;
    if (!isE164(to)) return twilioError(21211, 400, `The 'To' number ${to} is not a valid phone number.`);
    if (!from && !messagingServiceSid) {
      return twilioError(21603, 400, "A 'From' or 'MessagingServiceSid' parameter is required to send a message");
    }
    if (!body) return twilioError(21602, 400, 'Message body is required.');
    const message: SentMessage = { sid: newSid('SM'), accountSid, to, from, messagingServiceSid, body, sentAt: now() };
    messages.push(message);
    return { status: 201, body: messageBody(message) };
  };

  const routes = ({ method, path, headers, form }: FakeRequest): FakeReply => {
    const unauthenticated = twilioError(20003, 401, 'Authenticate');
    if (!authenticates(headers.authorization)) {
      return { ...unauthenticated, headers: { 'WWW-Authenticate': 'Basic realm="Twilio API"' } };
    }
    if (path.startsWith('/verify/v2/')) return verify.handle(method, path.slice('/verify/v2'.length), form);
    const messagesOf = MESSAGES_PATH.exec(path)?.[1];
    // Both credentials belong to accountSid, so another account's path is not theirs to use.
    if (messagesOf && messagesOf !== accountSid) return unauthenticated;
    if (messagesOf && method === 'POST') return sendMessage(form);
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
    reset() {
      http.requests.length = 0;
      http.faults.clear();
      verify.reset();
      messages.length = 0;
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
