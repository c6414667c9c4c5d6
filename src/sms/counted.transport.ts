import type { Metrics, SmsKind } from '../metrics/metrics';
import type { SmsTransport } from './sms-transport';

/** The transport, counting what it sends as `kind`: codes go through one of these, confirmations through another. */
export function countedSms(transport: SmsTransport, kind: SmsKind, metrics: Metrics): SmsTransport {
  return {
    name: transport.name,
    async send(message) {
      try {
        const sent = await transport.send(message);
        metrics.smsMessage(transport.name, kind, 'sent');
        return sent;
      } catch (error) {
        metrics.smsMessage(transport.name, kind, 'failed');
        throw error;
      }
    },
  };
}
