import type { Logger } from '../../shared/logger';
import type { SmsTransport } from '../sms-transport';
import type { DeliveryReceipts } from './delivery-receipts';

/**
 * The transport codes go through, marking each code's text on the receipts' record: only such a
 * text, reported undelivered, is taken out of the SMS guard's counts, never a confirmation's.
 */
export function markedCodeTexts(transport: SmsTransport, receipts: DeliveryReceipts, log: Logger): SmsTransport {
  return {
    name: transport.name,
    async send(message) {
      const sent = await transport.send(message);
      const sid = sent?.providerSid;
      // The code went out: a mark that fails to be written leaves the text counted, on the safe side.
      if (sid && (message.channel ?? 'sms') === 'sms')
        await receipts
          .codeSent(sid, message.to)
          .catch((error: unknown) => log.error({ err: error, sid }, "a code's text could not be marked as one"));
      return sent;
    },
  };
}
