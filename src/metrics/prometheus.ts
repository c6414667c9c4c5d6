import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics, SmsKind, SmsQueueDepth } from './metrics';

/** Zero while the pool has room; tens of milliseconds per hash ahead in the queue during a signup storm. */
const HASH_WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Counts per label set, kept in plain cells and handed to prom-client when it is scraped: its own
 * `inc()` hashes the label values on every call, which the `me` path would pay on each request.
 */
function tally(
  registry: Registry,
  name: string,
  help: string,
  labelNames: string[],
): (...labels: string[]) => { value: number } {
  const cells: { labels: Record<string, string>; value: number }[] = [];
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const { labels, value } of cells) this.inc(labels, value);
    },
  });
  // One map per label, nested: no key string is built (and hashed) per call.
  type Node = Map<string, Node | { value: number }>;
  const root: Node = new Map();
  return (...values) => {
    let node = root;
    for (let i = 0; i < values.length - 1; i++) {
      let next = node.get(values[i]) as Node | undefined;
      if (!next) node.set(values[i], (next = new Map()));
      node = next;
    }
    let cell = node.get(values[values.length - 1]) as { value: number } | undefined;
    if (!cell) {
      const created = { labels: Object.fromEntries(labelNames.map((label, i) => [label, values[i]])), value: 0 };
      cells.push(created);
      node.set(values[values.length - 1], (cell = created));
    }
    return cell;
  };
}

/** A histogram's child for each route, looked up once rather than on every observation. */
function byRoute(histogram: Histogram): (route: string) => Histogram.Internal<string> {
  const children = new Map<string, Histogram.Internal<string>>();
  return (route) => {
    let child = children.get(route);
    if (!child) children.set(route, (child = histogram.labels(route)));
    return child;
  };
}

/**
 * prom-client's gauges whose names end in `_total`, which Prometheus keeps for counters (`promtool
 * check metrics` refuses them). Each is the sum of a gauge kept beside it, by type:
 * `sum(nodejs_active_handles)` is `nodejs_active_handles_total`.
 */
const UNLINTABLE_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Prometheus metrics in a registry of this app's own, so that several apps can share a test process. */
export class PrometheusMetrics implements Metrics {
  readonly enabled = true;
  readonly registry = new Registry();
  private readonly httpRequests = this.counter('http_requests_total', 'HTTP requests answered, by route and status.', [
    'route',
    'status',
  ]);
  private readonly httpDuration = byRoute(
    new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from a request arriving to its answer being sent, by route.',
      labelNames: ['route'],
      registers: [this.registry],
    }),
  );
  private readonly operations = this.counter(
    'graphql_operations_total',
    'GraphQL root fields run, by field and outcome: ok, a UserErrorCode, or error.',
    ['operation', 'outcome'],
  );
  private readonly verificationStarts = this.counter(
    'verification_starts_total',
    'Codes asked of the verification provider, by result.',
    ['provider', 'result'],
  );
  private readonly verificationChecks = this.counter(
    'verification_checks_total',
    'Codes checked by the verification provider, by result.',
    ['provider', 'result'],
  );
  private readonly smsMessages = this.counter(
    'sms_messages_total',
    'Text messages handed to the SMS transport, by kind and result.',
    ['transport', 'kind', 'result'],
  );
  private readonly givenUp = new Counter({
    name: 'sms_queue_given_up_total',
    help: 'Queued text messages given up: older than SMS_GIVE_UP_AFTER_HOURS, or to a number the provider refuses.',
    registers: [this.registry],
  });
  private readonly receipts = this.counter(
    'sms_delivery_receipts_total',
    "Delivery receipts from Twilio that moved a message's or call's status on, by channel and status.",
    ['channel', 'status'],
  );
  private readonly refusals = this.counter('rate_limit_refusals_total', 'Calls refused by a rate limit, by limit.', [
    'limit',
  ]);
  private readonly hashWait = new Histogram({
    name: 'password_hash_wait_seconds',
    help: 'Time a password hash or check waited for an Argon2id slot (PASSWORD_HASH_CONCURRENCY).',
    buckets: HASH_WAIT_BUCKETS,
    registers: [this.registry],
  });
  private readQueue?: () => Promise<SmsQueueDepth>;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of UNLINTABLE_DEFAULTS) this.registry.removeSingleMetric(name);
    // prom-client collects every metric of a scrape at once: the two gauges share one query.
    let reading: Promise<SmsQueueDepth | undefined> | undefined;
    const read = () =>
      (reading ??= (this.readQueue?.() ?? Promise.resolve(undefined))
        .catch(() => undefined)
        .finally(() => {
          reading = undefined;
        }));
    new Gauge({
      name: 'sms_queue_pending',
      help: 'Text messages waiting for delivery or a retry, in the whole deployment: every instance reports the same queue.',
      registers: [this.registry],
      async collect() {
        const depth = await read();
        if (depth) this.set(depth.pending);
      },
    });
    new Gauge({
      name: 'sms_queue_oldest_pending_seconds',
      help: 'Age of the oldest text message still waiting for delivery; 0 when none is.',
      registers: [this.registry],
      async collect() {
        const depth = await read();
        if (depth) this.set(depth.oldestPendingSeconds);
      },
    });
  }

  httpRequest(route: string, status: number, seconds: number): void {
    this.httpRequests(route, String(status)).value++;
    this.httpDuration(route).observe(seconds);
  }

  graphqlOperation(operation: string, outcome: string): void {
    this.operations(operation, outcome).value++;
  }

  verificationStart(provider: string, result: string): void {
    this.verificationStarts(provider, result).value++;
  }

  verificationCheck(provider: string, result: string): void {
    this.verificationChecks(provider, result).value++;
  }

  smsMessage(transport: string, kind: SmsKind, result: 'sent' | 'failed'): void {
    this.smsMessages(transport, kind, result).value++;
  }

  smsGivenUp(count: number): void {
    this.givenUp.inc(count);
  }

  deliveryReceipt(channel: string, status: string): void {
    this.receipts(channel, status).value++;
  }

  rateLimitRefusal(limit: string): void {
    this.refusals(limit).value++;
  }

  passwordHashWait(seconds: number): void {
    this.hashWait.observe(seconds);
  }

  watchSmsQueue(read: () => Promise<SmsQueueDepth>): void {
    this.readQueue = read;
  }

  private counter(name: string, help: string, labelNames: string[]) {
    return tally(this.registry, name, help, labelNames);
  }
}
