import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Metrics } from '../metrics/metrics';
import type { OperationSink } from '../graphql/operations-metrics.plugin';
import type { Logger } from '../shared/logger';

/** Called by the HTTP server for each request, with the route that serves it (or `unmatched`). */
export type RequestObserver = (req: IncomingMessage, res: ServerResponse, route: string, requestId: string) => void;

/** A client that hung up before any answer was sent, as nginx counts it. */
const CLIENT_CLOSED = 499;

/**
 * One info line and the HTTP metrics for each request, once its answer is sent or its client has
 * gone. The GraphQL layer names the operation, which this keeps until the line is written.
 */
export class RequestLog implements OperationSink {
  private readonly operations = new Map<string, string | undefined>();
  private readonly logging: boolean;

  private readonly log: Logger;
  private readonly metrics: Metrics;

  constructor({ log, metrics }: { log: Logger; metrics: Metrics }) {
    this.log = log;
    this.metrics = metrics;
    this.logging = log.isLevelEnabled('info');
  }

  /** Undefined when there is nothing to record (LOG_LEVEL above info and metrics off): no per-request hook at all. */
  get observer(): RequestObserver | undefined {
    return this.logging || this.metrics.enabled ? this.observe : undefined;
  }

  named(requestId: string, operationName: string): void {
    // Only for a request still open: a timed-out one whose operation ends later must not leave an entry behind.
    if (this.operations.has(requestId)) this.operations.set(requestId, operationName);
  }

  private readonly observe: RequestObserver = (req, res, route, requestId) => {
    const started = performance.now();
    if (this.logging) this.operations.set(requestId, undefined);
    // 'close' comes once per response, so `on` does what `once` would, without its wrapper.
    res.on('close', () => {
      const seconds = (performance.now() - started) / 1000;
      const status = res.headersSent ? res.statusCode : CLIENT_CLOSED;
      this.metrics.httpRequest(route, status, seconds);
      if (!this.logging) return;
      const operation = this.operations.get(requestId);
      this.operations.delete(requestId);
      this.log.info(
        {
          requestId,
          method: req.method,
          route,
          status,
          durationMs: Math.round(seconds * 10_000) / 10,
          ...(operation ? { operation } : {}),
        },
        'request',
      );
    });
  };
}
