import type { SmsTransport } from '../sms/sms-transport';
import type { VerificationProvider } from '../verification/verification-provider';
import type { Metrics, SmsKind } from './metrics';

/** The provider, counting each start and check by result: `ok`, the refusal's reason, or `error` when it threw. */
export function countedVerification(provider: VerificationProvider, metrics: Metrics): VerificationProvider {
  const { name } = provider;
  return {
    name,
    async start(subject) {
      const outcome = await provider.start(subject).catch((error: unknown) => {
        metrics.verificationStart(name, 'error');
        throw error;
      });
      metrics.verificationStart(name, outcome.ok ? 'ok' : outcome.reason);
      return outcome;
    },
    async check(subject, code) {
      const outcome = await provider.check(subject, code).catch((error: unknown) => {
        metrics.verificationCheck(name, 'error');
        throw error;
      });
      metrics.verificationCheck(name, outcome.ok ? 'ok' : outcome.reason);
      return outcome;
    },
    ...(provider.forget ? { forget: (authyId) => provider.forget!(authyId) } : {}),
  };
}

/** The transport, counting what it sends as `kind`: codes go through one of these, confirmations through another. */
export function countedSms(transport: SmsTransport, kind: SmsKind, metrics: Metrics): SmsTransport {
  return {
    name: transport.name,
    async send(message) {
      try {
        await transport.send(message);
      } catch (error) {
        metrics.smsMessage(transport.name, kind, 'failed');
        throw error;
      }
      metrics.smsMessage(transport.name, kind, 'sent');
    },
  };
}
