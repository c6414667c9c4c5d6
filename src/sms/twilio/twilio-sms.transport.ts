import type { Twilio } from 'twilio';
import { twilioErrorCode } from '../../twilio/twilio-error';
import { SmsDeliveryError, type SentMessage, type SmsMessage, type SmsTransport } from '../sms-transport';
import { spokenTwiml } from './spoken-twiml';

/** A Messaging Service picks the sending number itself. */
export type TwilioSender = { from: string } | { messagingServiceSid: string };

export interface TwilioSmsTransportDeps {
  client: Twilio;
  sender: TwilioSender;
  /** TWILIO_NUMBER, which calls come from: a Messaging Service places none. */
  callFrom?: string;
  /** TWILIO_WHATSAPP_FROM, E.164. */
  whatsappFrom?: string;
  /** Where Twilio posts each message's and call's delivery receipts, when PUBLIC_URL is set. */
  statusCallback?: string;
}

/** Twilio's answers that no retry changes: the number cannot take what was sent. */
const INVALID_NUMBER = new Set([
  21211, // not a valid number
  21214, // a call cannot reach it
  21217, // not a valid number, for a call
  21614, // not a mobile number
  63003, // not on WhatsApp
]);

/**
 * Texts through Twilio's Messages API, from a number or a Messaging Service; WhatsApp messages
 * between whatsapp: addresses on the same API; calls through the Calls API, with inline TwiML.
 */
export class TwilioSmsTransport implements SmsTransport {
  readonly name = 'twilio';

  constructor(private readonly deps: TwilioSmsTransportDeps) {}

  async send(message: SmsMessage): Promise<SentMessage> {
    try {
      const { sid } = await this.create(message);
      return { providerSid: sid };
    } catch (error) {
      if (error instanceof SmsDeliveryError) throw error;
      const code = twilioErrorCode(error);
      if (code !== undefined && INVALID_NUMBER.has(code))
        throw new SmsDeliveryError('Twilio refused the number', 'invalid-number', { cause: error });
      if (code === 20429)
        throw new SmsDeliveryError('Twilio rate-limited the request', 'rate-limited', { cause: error });
      throw new SmsDeliveryError(`Twilio could not take the message${code ? ` (error ${code})` : ''}`, 'unavailable', {
        cause: error,
      });
    }
  }

  private create(message: SmsMessage): Promise<{ sid: string }> {
    const { client, sender, callFrom, whatsappFrom, statusCallback } = this.deps;
    const receipts = statusCallback ? { statusCallback } : {};
    const { to, body } = message;
    if (message.channel === 'call') {
      if (!callFrom) throw new SmsDeliveryError('no number to call from: TWILIO_NUMBER is not set', 'unavailable');
      return client.calls.create({ to, from: callFrom, twiml: spokenTwiml(body, message.language), ...receipts });
    }
    if (message.channel === 'whatsapp') {
      if (!whatsappFrom)
        throw new SmsDeliveryError('no WhatsApp sender: TWILIO_WHATSAPP_FROM is not set', 'unavailable');
      return client.messages.create({ to: `whatsapp:${to}`, from: `whatsapp:${whatsappFrom}`, body, ...receipts });
    }
    return client.messages.create({ to, body, ...sender, ...receipts });
  }
}
