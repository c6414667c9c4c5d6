import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A request as the fake's routes see it. Form and JSON bodies both arrive flattened, e.g. `user[email]`. */
export interface FakeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  form: Record<string, string>;
}

export interface FakeReply {
  status: number;
  /** Sent as JSON unless it is already a string. */
  body: unknown;
  headers?: Record<string, string>;
}

export type FakeRoutes = (request: FakeRequest) => FakeReply;

/** Which requests a fault applies to: the next `times` (default 1) whose path starts with `path` (default any). */
export interface FaultScope {
  times?: number;
  path?: string;
}

type Fault =
  | { kind: 'respond'; reply: FakeReply }
  | { kind: 'delay'; ms: number }
  | { kind: 'hold'; released: Promise<void> }
  | { kind: 'drop' }
  | { kind: 'malformed'; status: number; body: string };

export interface FaultInjector {
  /** Answer with this status and body instead of the real route. */
  respond(reply: FakeReply & FaultScope): void;
  /** Hold the request for `ms`, then answer it normally. */
  delay(options: { ms: number } & FaultScope): void;
  /** Hold the request until the answered function is called, then answer it normally. */
  hold(options?: FaultScope): () => void;
  /** Destroy the connection without answering. */
  drop(options?: FaultScope): void;
  /** Answer with a body that is not JSON, under a JSON content type. */
  malformed(options?: { status?: number; body?: string } & FaultScope): void;
  clear(): void;
}

export interface HttpFake {
  /** Origin, e.g. http://127.0.0.1:54321 (no trailing slash). */
  readonly url: string;
  /** Every request received, faulted or not, oldest first. */
  readonly requests: FakeRequest[];
  readonly faults: FaultInjector;
  close(): Promise<void>;
}

export async function startHttpFake(routes: FakeRoutes): Promise<HttpFake> {
  const requests: FakeRequest[] = [];
  const faults = new FaultQueue();
  const closing = new AbortController();

  const server = createServer((req, res) => {
    void readRequest(req)
      .then(async (request) => {
        requests.push(request);
        const fault = faults.take(request.path);
        if (fault?.kind === 'delay') await sleep(fault.ms, undefined, { signal: closing.signal });
        if (fault?.kind === 'hold') await untilAborted(fault.released, closing.signal);
        if (fault?.kind === 'drop') return void req.socket.destroy();
        if (fault?.kind === 'malformed') return send(res, { status: fault.status, body: fault.body });
        send(res, fault?.kind === 'respond' ? fault.reply : routes(request));
      })
      .catch((error: unknown) => {
        // A bug in a fake should show up in the failing test, not as a hang-up.
        if (closing.signal.aborted || res.headersSent) return void req.socket.destroy();
        send(res, { status: 500, body: { message: `The fake failed: ${String(error)}` } });
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    faults,
    async close() {
      closing.abort();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

class FaultQueue implements FaultInjector {
  private pending: { fault: Fault; remaining: number; path: string }[] = [];

  respond({ times, path, ...reply }: FakeReply & FaultScope) {
    this.add({ kind: 'respond', reply }, { times, path });
  }
  delay({ ms, ...scope }: { ms: number } & FaultScope) {
    this.add({ kind: 'delay', ms }, scope);
  }
  hold(scope: FaultScope = {}) {
    let release!: () => void;
    this.add({ kind: 'hold', released: new Promise<void>((resolve) => (release = resolve)) }, scope);
    return release;
  }
  drop(scope: FaultScope = {}) {
    this.add({ kind: 'drop' }, scope);
  }
  malformed({
    status = 200,
    body = '{"unterminated": ',
    ...scope
  }: { status?: number; body?: string } & FaultScope = {}) {
    this.add({ kind: 'malformed', status, body }, scope);
  }
  clear() {
    this.pending = [];
  }

  take(path: string): Fault | undefined {
    const match = this.pending.find((p) => path.startsWith(p.path));
    if (!match) return undefined;
    if (--match.remaining === 0) this.pending = this.pending.filter((p) => p !== match);
    return match.fault;
  }

  private add(fault: Fault, { times = 1, path = '/' }: FaultScope) {
    this.pending.push({ fault, remaining: times, path });
  }
}

/** Waits for `promise`, or rejects once `signal` aborts (the fake closing), like a cut-short sleep. */
function untilAborted(promise: Promise<void>, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

function send(res: ServerResponse, { status, body, headers }: FakeReply) {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(text);
}

async function readRequest(req: IncomingMessage): Promise<FakeRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const url = new URL(req.url ?? '/', 'http://fake');
  return {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: req.headers,
    form: parseBody(req.headers['content-type'] ?? '', Buffer.concat(chunks).toString('utf8')),
  };
}

function parseBody(contentType: string, text: string): Record<string, string> {
  if (contentType.startsWith('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  if (contentType.startsWith('application/json')) {
    try {
      return flatten(JSON.parse(text));
    } catch {
      return {};
    }
  }
  return {};
}

/** `{"user":{"email":"a"}}` → `{"user[email]":"a"}`, the names a form would use. */
function flatten(value: unknown, prefix = ''): Record<string, string> {
  if (value === null || typeof value !== 'object') return prefix ? { [prefix]: String(value) } : {};
  return Object.assign(
    {},
    ...Object.entries(value).map(([key, inner]) => flatten(inner, prefix ? `${prefix}[${key}]` : key)),
  );
}
