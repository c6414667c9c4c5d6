import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll } from 'vitest';

export interface PageServer {
  /** http://localhost:<port>: another origin than the API's, on the same site. */
  origin: string;
}

/** A blank page on an origin of its own, for scripts that call the API from elsewhere. */
export function usePageServer(): PageServer {
  const page = {} as PageServer;
  let server: Server;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>Another origin</title><p>A front end served from elsewhere.</p>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    page.origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return page;
}
