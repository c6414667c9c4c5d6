/** WEBHOOK_URLS and what goes with them, as the config validated them. */
export interface WebhookSettings {
  urls: string[];
  /** `whsec_` + base64, as Standard Webhooks has it. */
  secret: string;
  giveUpAfterMs: number;
  /** Hosts that may resolve to a loopback, private or link-local address. */
  allowPrivate: string[];
  /** Outside production, any address is allowed: a receiver on the developer's machine. */
  refusePrivate: boolean;
}
