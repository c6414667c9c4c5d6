import type { Metrics } from '../metrics/metrics';
import type { VerificationProvider } from './verification-provider';

/** The provider, counting each start and check by result: `ok`, the refusal's reason, or `error` when it threw. */
export function countedVerification(provider: VerificationProvider, metrics: Metrics): VerificationProvider {
  const { name } = provider;
  return {
    name,
    async start(subject, channel) {
      const outcome = await provider.start(subject, channel).catch((error: unknown) => {
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
    ...(provider.forget ? { forget: provider.forget.bind(provider) } : {}),
  };
}
