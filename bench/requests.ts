import { print } from 'graphql';
import { RegisterUserDocument, VerifyUserDocument } from '../client/generated/graphql';
import type autocannon from 'autocannon';

/** What each scenario sends; the mutations are the client's own operations (client/operations). */
const ME = JSON.stringify({ query: '{ me { id email verified } }' });
const TYPENAME = JSON.stringify({ query: '{ __typename }' });
const VERIFY_USER = print(VerifyUserDocument);
const REGISTER_USER = print(RegisterUserDocument);

const JSON_HEADERS = { 'content-type': 'application/json' };
type LoadShape = Omit<autocannon.Options, 'url'>;

const AREA_CODES = ['415', '650', '212', '312', '617', '206'];

/** Valid, distinct E.164 numbers (+1415555xxxx, then other area codes) for the first 60,000 values of `i`. */
export function phoneNumber(i: number): string {
  const area = AREA_CODES[Math.floor(i / 10_000) % AREA_CODES.length];
  return `+1${area}555${String(i % 10_000).padStart(4, '0')}`;
}

/** Every connection sends its own user's Bearer token (connection i gets token i). */
function bearerPerConnection(tokens: string[]): Pick<LoadShape, 'setupClient'> {
  let next = 0;
  return {
    setupClient: (client) =>
      client.setHeaders({ ...JSON_HEADERS, authorization: `Bearer ${tokens[next++ % tokens.length]}` }),
  };
}

export function meRequests(tokens: string[]): LoadShape {
  return {
    method: 'POST',
    headers: JSON_HEADERS,
    body: ME,
    ...bearerPerConnection(tokens),
    verifyBody: (body) => body.includes('"verified":true') && !body.includes('"errors"'),
  };
}

/** The baselines get the same headers as `me`, so only the work behind them differs. */
export function typenameRequests(tokens: string[]): LoadShape {
  return {
    method: 'POST',
    headers: JSON_HEADERS,
    body: TYPENAME,
    ...bearerPerConnection(tokens),
    verifyBody: (body) => body.trim() === '{"data":{"__typename":"Query"}}',
  };
}

/** Right codes, a different user on every request; `used()` tells whether the pool ran dry. */
export function verifyRequests(pool: { email: string; code: string }[]) {
  let next = 0;
  const shape: LoadShape = {
    method: 'POST',
    headers: JSON_HEADERS,
    requests: [
      {
        setupRequest: (request) => {
          const { email, code } = pool[next++ % pool.length];
          return { ...request, body: JSON.stringify({ query: VERIFY_USER, variables: { input: { email, code } } }) };
        },
      },
    ],
    verifyBody: (body) => body.includes('"errors":[]') && body.includes('"verified":true'),
  };
  return { shape, used: () => next };
}

/** A new email and phone on every request; the counter is shared by every run so no email repeats. */
export function registerRequests(): LoadShape {
  return {
    method: 'POST',
    headers: JSON_HEADERS,
    requests: [
      {
        setupRequest: (request) => {
          const i = registrations++;
          const input = {
            name: 'Bench Signup',
            email: `signup-${RUN}-${i}@bench.example.com`,
            password: 'correct horse battery staple',
            phoneNumber: phoneNumber(i),
          };
          return { ...request, body: JSON.stringify({ query: REGISTER_USER, variables: { input } }) };
        },
      },
    ],
    verifyBody: (body) => body.includes('"errors":[]'),
  };
}

let registrations = 0;
const RUN = Date.now().toString(36);
