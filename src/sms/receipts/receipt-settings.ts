/** Twilio's delivery receipts: where Twilio posts them, and the auth token their signatures are checked with. */
export interface ReceiptSettings {
  /** `${PUBLIC_URL}/webhooks/twilio/status`, given to Twilio as every message's and call's StatusCallback. */
  callbackUrl: string;
  authToken: string;
}

export const RECEIPTS_PATH = '/webhooks/twilio/status';
