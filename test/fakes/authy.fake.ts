import { randomBytes, randomInt } from 'node:crypto';
import { startHttpFake, type FakeReply, type FakeRequest, type HttpFake } from './http-fake';

export const AUTHY_POLICY = {
  /** The id in authy-client's own fixtures, so the first user's answer matches them exactly. */
  firstUserId: 1635,
  /** authy-client refuses tokens outside 6 to 8 digits. */
  tokenDigits: 7,
  tokenLifetimeMs: 10 * 60_000,
  smsRequestsPerHour: 10,
};

export interface AuthyUser {
  id: number;
  email: string;
  cellphone: string;
  countryCode: string;
}

export interface AuthyFake extends HttpFake {
  readonly apiKey: string;
  /** Registered users, oldest first. */
  readonly users: AuthyUser[];
  /** The token last sent by SMS or spoken by a call to this user; what the person would read or hear. */
  tokenFor(authyId: number | string): string;
  /** How the token last sent to this user went: `sms`, or `call` for one a phone call spoke. */
  channelOf(authyId: number | string): 'sms' | 'call' | undefined;
  reset(): void;
}

const INVALID_API_KEY = {
  error_code: '60001',
  message: 'Invalid API key',
  errors: { message: 'Invalid API key' },
  success: false,
};
const INVALID_TOKEN = {
  message: 'Token is invalid',
  token: 'is invalid',
  success: false,
  errors: { message: 'Token is invalid' },
  error_code: '60020',
};
const TOO_MANY_TOKENS = 'DoS protection: User has requested too many tokens in the last hour.';
const TOO_MANY_REQUESTS = {
  message: TOO_MANY_TOKENS,
  success: false,
  errors: { message: TOO_MANY_TOKENS },
  error_code: '60003',
};
// What Authy says when it skips a text or call for a user of its app, as authy-client's fixtures record it.
const IGNORED = {
  sms: 'Ignored: SMS is not needed for smartphones. Pass force=true if you want to actually send it anyway.',
  call: 'Call ignored. User is using  App Tokens and this call is not necessary. Pass force=true if you still want to call users that are using the App.',
};
// The wire format documents no error_code for an unknown user.
const USER_NOT_FOUND = { message: 'User not found.', success: false, errors: { message: 'User not found.' } };

/** The legacy Authy API (what https://api.authy.com serves) for one application key. */
export async function startAuthyFake(options: { now?: () => number } = {}): Promise<AuthyFake> {
  const now = options.now ?? Date.now;
  const apiKey = randomBytes(16).toString('hex');
  const users: AuthyUser[] = [];
  // Ids are never reused, even after a test removes a user from `users` (deleted in Authy's console).
  let nextUserId = AUTHY_POLICY.firstUserId;
  const tokens = new Map<number, { token: string; sentAt: number; channel: 'sms' | 'call' }>();
  // Texts and calls draw on one hourly allowance: Authy limits the tokens a user asks for, however sent.
  const tokenRequestTimes = new Map<number, number[]>();

  const register = (form: Record<string, string>): FakeReply => {
    const email = form['user[email]'] ?? '';
    const countryCode = form['user[country_code]'] ?? '';
    const cellphone = (form['user[cellphone]'] ?? '').replace(/[\s().-]/g, '');
    const invalid = Object.fromEntries(
      [
        ['email', /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)],
        ['cellphone', isPlausibleCellphone(countryCode, cellphone)],
        ['country_code', /^\d{1,3}$/.test(countryCode)],
      ]
        .filter(([, valid]) => !valid)
        .map(([field]) => [field, 'is invalid']),
    );
    if (Object.keys(invalid).length > 0) {
      const message = 'User was not valid';
      return {
        status: 400,
        body: { message, success: false, errors: { ...invalid, message }, ...invalid, error_code: '60027' },
      };
    }
    // Authy keys its users by phone: registering the same phone again returns the same id.
    let user = users.find((u) => u.countryCode === countryCode && u.cellphone === cellphone);
    if (!user) {
      user = { id: nextUserId++, email, cellphone, countryCode };
      users.push(user);
    }
    user.email = email;
    return { status: 200, body: { message: 'User created successfully.', success: true, user: { id: user.id } } };
  };

  const requestToken = (user: AuthyUser, force: boolean, channel: 'sms' | 'call'): FakeReply => {
    const hourAgo = now() - 3600_000;
    const recent = (tokenRequestTimes.get(user.id) ?? []).filter((t) => t > hourAgo);
    if (recent.length >= AUTHY_POLICY.smsRequestsPerHour) return { status: 429, body: TOO_MANY_REQUESTS };
    tokenRequestTimes.set(user.id, [...recent, now()]);
    const cellphone = `+${user.countryCode}-XXX-XXX-XX${user.cellphone.slice(-2)}`;
    if (!force)
      return {
        status: 200,
        body: { success: true, ignored: true, message: IGNORED[channel], cellphone, device: 'iphone' },
      };
    tokens.set(user.id, { token: newToken(tokens.get(user.id)?.token), sentAt: now(), channel });
    const message = channel === 'sms' ? 'SMS token was sent' : 'Call started...';
    return { status: 200, body: { success: true, message, cellphone } };
  };

  const verify = (user: AuthyUser, token: string): FakeReply => {
    const sent = tokens.get(user.id);
    if (!sent || sent.token !== token || now() >= sent.sentAt + AUTHY_POLICY.tokenLifetimeMs) {
      return { status: 401, body: INVALID_TOKEN };
    }
    tokens.delete(user.id);
    return { status: 200, body: { message: 'Token is valid.', token: 'is valid', success: 'true' } };
  };

  // As authy-client's delete-user mock answers: Authy queues the removal and says so.
  const remove = (authyId: string): FakeReply => {
    const index = users.findIndex((u) => String(u.id) === authyId);
    if (index < 0) return { status: 404, body: USER_NOT_FOUND };
    tokens.delete(users[index].id);
    users.splice(index, 1);
    return { status: 200, body: { message: 'User was added to remove.', success: true } };
  };

  const routes = ({ method, path, query, headers, form }: FakeRequest): FakeReply => {
    if (headers['x-authy-api-key'] !== apiKey) return { status: 401, body: INVALID_API_KEY };
    if (method === 'POST' && path === '/protected/json/users/new') return register(form);
    const [, removeId] = /^\/protected\/json\/users\/([^/]+)\/remove$/.exec(path) ?? [];
    if (method === 'POST' && removeId) return remove(removeId);
    const [, channel, sendId] = /^\/protected\/json\/(sms|call)\/([^/]+)$/.exec(path) ?? [];
    const [, token, verifyId] = /^\/protected\/json\/verify\/([^/]+)\/([^/]+)$/.exec(path) ?? [];
    if (method !== 'GET' || !(sendId || verifyId)) {
      return { status: 404, body: { message: `The Authy fake does not serve ${method} ${path}`, success: false } };
    }
    const user = users.find((u) => String(u.id) === (sendId ?? verifyId));
    if (!user) return { status: 404, body: USER_NOT_FOUND };
    if (sendId) return requestToken(user, query.force === 'true', channel as 'sms' | 'call');
    return verify(user, token);
  };

  const http = await startHttpFake(routes);
  return {
    ...http,
    apiKey,
    users,
    tokenFor(authyId) {
      const sent = tokens.get(Number(authyId));
      if (!sent) throw new Error(`The Authy fake has no unused token for user ${authyId}`);
      return sent.token;
    },
    channelOf(authyId) {
      return tokens.get(Number(authyId))?.channel;
    },
    reset() {
      http.requests.length = 0;
      http.faults.clear();
      users.length = 0;
      nextUserId = AUTHY_POLICY.firstUserId;
      tokens.clear();
      tokenRequestTimes.clear();
    },
  };
}

/** A new SMS replaces the previous token, so it never repeats it. */
function newToken(previous: string | undefined): string {
  const { tokenDigits } = AUTHY_POLICY;
  const token = String(randomInt(0, 10 ** tokenDigits)).padStart(tokenDigits, '0');
  return token === previous ? newToken(previous) : token;
}

/**
 * Authy refused numbers its carrier lookup did not know. Here that is a number of the wrong length,
 * or a North American 555-01XX number, which is reserved for fiction and so never a real phone.
 */
function isPlausibleCellphone(countryCode: string, cellphone: string) {
  if (!/^\d{6,14}$/.test(cellphone)) return false;
  return !(countryCode === '1' && /^\d{3}55501\d{2}$/.test(cellphone));
}
