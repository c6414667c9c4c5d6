import type { Twilio } from 'twilio';
import { twilioErrorCode } from '../../twilio/twilio-error';
import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../sms-transport';

/** A Messaging Service picks the sending number itself. */
export type TwilioSender = { from: string } | { messagingServiceSid: string };

export interface TwilioSmsTransportDeps {
  client: Twilio;
  sender: TwilioSender;
}

/** Real SMS through Twilio's Messages API, from a number or a Messaging Service. */
export class TwilioSmsTransport implements SmsTransport {
  readonly name = 'twilio';

  constructor(private readonly deps: TwilioSmsTransportDeps) {}

  async send({ to, body }: SmsMessage): Promise<void> {
    try {
      await this.deps.client.messages.create({ to, body, ...this.deps.sender });
    } catch (error) {
      const code = twilioErrorCode(error);
      // 21211: not a valid number; 21614: not a mobile number.
      if (code === 21211 || code === 21614)
        throw new SmsDeliveryError('Twilio refused the number', 'invalid-number', { cause: error });
      if (code === 20429)
        throw new SmsDeliveryError('Twilio rate-limited the request', 'rate-limited', { cause: error });
      throw new SmsDeliveryError(`Twilio could not take the message${code ? ` (error ${code})` : ''}`, 'unavailable', {
        cause: error,
      });
    }
  }
}
