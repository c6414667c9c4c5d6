import type { Logger } from '../../shared/logger';
import type { SmsTransport } from '../sms-transport';
import type { DeliveryReceipts } from './delivery-receipts';

/** The transport, putting each message and call it hands on on record for its receipts to find. */
export function trackedDeliveries(transport: SmsTransport, receipts: DeliveryReceipts, log: Logger): SmsTransport {
  return {
    name: transport.name,
    async send(message) {
      const sent = await transport.send(message);
      const sid = sent?.providerSid;
      // What went out went out: a record that fails to be written loses only its receipts.
      if (sid)
        await receipts
          .sent(sid, message)
          .catch((error: unknown) =>
            log.error({ err: error, sid }, 'a sent message could not be put on record for its receipts'),
          );
      return sent;
    },
  };
}
