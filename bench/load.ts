import autocannon from 'autocannon';

/** One autocannon run, reduced to what the tables need. Latencies are in ms (autocannon keeps whole ms). */
export interface LoadResult {
  requests: number;
  seconds: number;
  /** Successful answers per second. */
  rps: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Responses whose body did not say what a success says (GraphQL answers errors with 200). */
  mismatches: number;
  statusCodes: Record<string, number>;
}

export type LoadOptions = Omit<autocannon.Options, 'url'> & { url: string };

export function load(options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: 30, ...options }, (error, result) => {
      if (error) return reject(error);
      resolve({
        requests: result.requests.total,
        seconds: result.duration,
        // Answers that say what a success says, per second: every scenario sets verifyBody, which
        // autocannon applies to every response, so refusals and errors are not throughput.
        rps: (result.requests.total - result.mismatches) / result.duration,
        p50: result.latency.p50,
        p99: result.latency.p99,
        max: result.latency.max,
        non2xx: result.non2xx,
        errors: result.errors,
        timeouts: result.timeouts,
        mismatches: result.mismatches,
        statusCodes: Object.fromEntries(
          Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, Number(count)]),
        ),
      });
    });
  });
}
