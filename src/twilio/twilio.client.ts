import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

export interface TwilioClientOptions {
  accountSid: string;
  authToken?: string;
  /** An API key SID (SK...) with its secret, instead of the auth token. */
  apiKey?: string;
  apiSecret?: string;
  /** Sends every product to one origin instead of https://{product}.twilio.com, e.g. a test fake. */
  baseUrl?: string;
  timeoutMs: number;
}

/** Twilio takes the account's auth token, or an API key (SK…) with its secret, as the tutorial used. */
export type TwilioAuth = { kind: 'token'; token: string } | { kind: 'api-key'; key: string; secret: string };

export interface TwilioAccount {
  accountSid: string;
  auth: TwilioAuth;
  /** One origin for every Twilio product, with the product as the first path segment. */
  baseUrl?: string;
}

/**
 * One client for each Twilio account, however many products read it: Verify and the Messages API
 * share its connections when they name the same TWILIO_* account. Each is made on first use.
 */
export function sharedTwilioClient(timeoutMs: number): (account: TwilioAccount) => twilio.Twilio {
  const clients = new Map<string, twilio.Twilio>();
  return (account) => {
    const key = JSON.stringify([account.accountSid, account.auth, account.baseUrl]);
    let client = clients.get(key);
    if (!client) {
      const { accountSid, auth, baseUrl } = account;
      const credentials =
        auth.kind === 'token' ? { authToken: auth.token } : { apiKey: auth.key, apiSecret: auth.secret };
      client = createTwilioClient({ accountSid, baseUrl, ...credentials, timeoutMs });
      clients.set(key, client);
    }
    return client;
  };
}

export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  // The client's own timeout and autoRetry options are ignored once an httpClient is given.
  const requestOptions = { timeout: options.timeoutMs, autoRetry: false };
  const httpClient = options.baseUrl
    ? new BaseUrlRequestClient(options.baseUrl, requestOptions)
    : new twilio.RequestClient(requestOptions);
  const clientOptions = { accountSid: options.accountSid, httpClient };
  if (options.apiKey && options.apiSecret) return twilio(options.apiKey, options.apiSecret, clientOptions);
  if (options.authToken) return twilio(options.accountSid, options.authToken, clientOptions);
  // Left undefined, twilio() would fall back to TWILIO_* environment variables.
  throw new Error('Twilio needs an auth token, or an API key and its secret');
}

/** https://verify.twilio.com/v2/Services?x=1 → {baseUrl}/verify/v2/Services?x=1 */
export function rewriteTwilioUrl(uri: string, baseUrl: string): string {
  const original = new URL(uri);
  // Edge and region settings make hosts like verify.sydney.au1.twilio.com; the product comes first.
  const product = original.hostname.split('.')[0];
  return `${baseUrl.replace(/\/+$/, '')}/${product}${original.pathname}${original.search}`;
}

class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  override request<TData>(options: RequestClient.RequestOptions<TData>) {
    return super.request({ ...options, uri: rewriteTwilioUrl(options.uri, this.baseUrl) });
  }
}
