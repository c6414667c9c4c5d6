import { createHmac } from 'node:crypto';

/**
 * X-Twilio-Signature as Twilio computes it for an auth-token account, written from its security
 * documentation rather than taken from the library, so the contract test can hold the two together:
 * HMAC-SHA1 of the URL followed by each POST parameter's name and value, sorted by name, in base64.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((signed, name) => signed + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** A status callback POSTed as Twilio posts it: form-encoded, signed, to the URL given at creation. */
export async function postCallback(
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'User-Agent': 'TwilioProxy/1.1',
      ...(signature === undefined ? {} : { 'X-Twilio-Signature': signature }),
    },
    body: new URLSearchParams(params),
  });
  await response.arrayBuffer();
  return response.status;
}

export interface Reported {
  status: string;
  errorCode?: number;
  at: number;
}

const errorOf = ({ errorCode }: Reported): Record<string, string> =>
  errorCode === undefined ? {} : { ErrorCode: String(errorCode) };

/** A message's status callback, with the parameters Twilio's Messaging documentation lists. */
export function messageStatusParams(
  message: { sid: string; accountSid: string; to: string; from: string | null; messagingServiceSid: string | null },
  reported: Reported,
): Record<string, string> {
  return {
    AccountSid: message.accountSid,
    ApiVersion: '2010-04-01',
    From: message.from ?? '',
    MessageSid: message.sid,
    MessageStatus: reported.status,
    SmsSid: message.sid,
    SmsStatus: reported.status,
    To: message.to,
    ...(message.messagingServiceSid ? { MessagingServiceSid: message.messagingServiceSid } : {}),
    ...errorOf(reported),
  };
}

let sequence = 0;

/** A call's status callback, with the parameters Twilio's Voice documentation lists. */
export function callStatusParams(
  call: { sid: string; accountSid: string; to: string; from: string },
  reported: Reported,
): Record<string, string> {
  return {
    AccountSid: call.accountSid,
    ApiVersion: '2010-04-01',
    CallSid: call.sid,
    CallStatus: reported.status,
    CallbackSource: 'call-progress-events',
    Called: call.to,
    Caller: call.from,
    Direction: 'outbound-api',
    From: call.from,
    SequenceNumber: String(sequence++),
    Timestamp: new Date(reported.at).toUTCString().replace('GMT', '+0000'),
    To: call.to,
    ...(reported.status === 'completed' ? { CallDuration: '14', Duration: '1' } : {}),
    ...errorOf(reported),
  };
}
