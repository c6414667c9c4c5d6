import type { Server, ServerResponse } from 'node:http';

/**
 * The requests a server has not answered yet. Once draining, every answer asks its client to
 * close the connection, so that keep-alive clients take their next request to another instance.
 */
export class InFlightRequests {
  private readonly open = new Set<ServerResponse>();
  private draining = false;

  constructor(server: Server) {
    server.prependListener('request', (_req, res: ServerResponse) => {
      if (this.draining) res.setHeader('connection', 'close');
      this.open.add(res);
      res.on('close', () => this.open.delete(res));
    });
  }

  /** Resolves once every request open now has been answered, or its client has gone. */
  async drain(): Promise<void> {
    this.draining = true;
    const open = [...this.open];
    for (const res of open) if (!res.headersSent) res.setHeader('connection', 'close');
    await Promise.all(open.map((res) => new Promise((resolve) => res.once('close', resolve))));
  }
}
