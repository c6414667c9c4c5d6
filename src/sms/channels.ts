/** How a one-time code reaches a phone: a text, a call that speaks it, or a WhatsApp message. */
export const CODE_CHANNELS = ['sms', 'call', 'whatsapp'] as const;
export type CodeChannel = (typeof CODE_CHANNELS)[number];

export const isCodeChannel = (value: string): value is CodeChannel =>
  (CODE_CHANNELS as readonly string[]).includes(value);

/** CODE_CHANNELS, with the numbers the local provider calls and writes on WhatsApp from, and CODE_FALLBACK. */
export interface ChannelSettings {
  /** The channels a flow may ask for; SMS always among them. */
  offered: CodeChannel[];
  /** TWILIO_NUMBER: a call needs a number, also where texts go out through a Messaging Service. */
  callFrom?: string;
  /** TWILIO_WHATSAPP_FROM, E.164 without its `whatsapp:` prefix. */
  whatsappFrom?: string;
  /** `call`: a code's SMS that Twilio reports undelivered is followed by a call with the same code. */
  fallback: 'call' | 'off';
}
