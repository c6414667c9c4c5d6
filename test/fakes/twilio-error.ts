import { randomBytes } from 'node:crypto';
import type { FakeReply } from './http-fake';

/** The one error shape every Twilio REST API answers with. */
export function twilioError(code: number, status: number, message: string): FakeReply {
  return { status, body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status } };
}

export const notFound = (resource: string) =>
  twilioError(20404, 404, `The requested resource ${resource} was not found`);

export const invalidParameter = (name: string) => twilioError(60200, 400, `Invalid parameter: ${name}`);

/** Two letters and 32 hex digits, like every Twilio SID. */
export const newSid = (prefix: string) => prefix + randomBytes(16).toString('hex');

export const isE164 = (value: string | undefined) => /^\+[1-9]\d{6,14}$/.test(value ?? '');

/** Verify dates look like 2015-07-30T20:00:00Z. */
export const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The 2010 API's dates look like "Thu, 30 Jul 2015 20:12:31 +0000". */
export const rfc2822 = (ms: number) => new Date(ms).toUTCString().replace('GMT', '+0000');
