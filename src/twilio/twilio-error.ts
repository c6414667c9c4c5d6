import twilio from 'twilio';

/** Twilio's documented error code, when the failure is an answer from Twilio rather than an outage. */
export function twilioErrorCode(error: unknown): number | undefined {
  return error instanceof twilio.RestException ? error.code : undefined;
}
