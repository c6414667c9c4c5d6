import type { Twilio } from 'twilio';
import { twilioErrorCode } from '../../twilio/twilio-error';
import { SmsDeliveryError, type SmsMessage, type SmsTransport } from '../sms-transport';

/** Real SMS through Twilio's Messages API, from a number or a Messaging Service. */
export class TwilioSmsTransport implements SmsTransport {
  readonly name = 'twilio';

  constructor(
    private readonly client: Twilio,
    private readonly sender: { from?: string; messagingServiceSid?: string },
  ) {}

  async send({ to, body }: SmsMessage): Promise<void> {
    const sender = this.sender.messagingServiceSid
      ? { messagingServiceSid: this.sender.messagingServiceSid }
      : { from: this.sender.from };
    try {
      await this.client.messages.create({ to, body, ...sender });
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
